/*
 * procinfo — facts about a process from /proc, used to signal exactly the process
 * meant: a pid is identified together with its start time, so that a reused pid is
 * never hit.
 */
#ifndef EJ_PROCINFO_H
#define EJ_PROCINFO_H
#include <sys/types.h>

/* Start time of process `pid` (0: this one) in clock ticks since boot
 * (/proc/PID/stat field 22); 0 if unknown. */
long long proc_start_time(pid_t pid);
#endif
