-- 024_home_indexes: the home screen's queries start from the teacher's own lessons
-- (lesson.teacher_id) instead of every course of the school (issue #9: the "needs
-- attention" list took ~100 ms a login and a reload; with this index a few ms).
-- course_teacher already has (school_id, staff_id).
CREATE INDEX lesson_teacher_date ON lesson (school_id, teacher_id, date);
