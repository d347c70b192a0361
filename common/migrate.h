/*
 * migrate — the schema migrations compiled into the programs (tools/embed.c
 * turns schema/NNN_name.sql into $(BUILD)/gen/schema.c).  Applied by db_migrate().
 */
#ifndef EJ_MIGRATE_H
#define EJ_MIGRATE_H
struct ej_migration {
    int version;
    const char *name;
    const char *sql;
};
extern const struct ej_migration ej_migrations[];
extern const int ej_migrations_count;
#endif
