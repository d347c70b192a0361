/*
 * config — loading and checking ejournal.conf against the key table.
 * Nothing starts on a bad file: every problem is reported with its file and line.
 */
#include "config.h"
#include "i18n.h"
#include "xmalloc.h"

#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELD(cfg, off, type) ((type *)((char *)(cfg) + (off)))

static void set_string(char **slot, const char *v)
{
    free(*slot);
    *slot = xstrdup(v);
}

static void key_set_default(struct ej_config *cfg, const struct config_key *k)
{
    switch (k->type) {
    case CFG_INT:
    case CFG_BOOL:
        *FIELD(cfg, k->offset, int) = atoi(k->def);
        break;
    case CFG_STRING:
    case CFG_ENUM:
        set_string(FIELD(cfg, k->offset, char *), k->def);
        break;
    case CFG_STRING_LIST: {
        char **list = FIELD(cfg, k->offset, char *);
        int *count = FIELD(cfg, k->count_offset, int);
        for (int i = 0; i < *count; i++) {
            free(list[i]);
            list[i] = NULL;
        }
        *count = 0;
        char *copy = xstrdup(k->def), *save = NULL;
        for (char *t = strtok_r(copy, ",", &save); t && *count < k->max;
             t = strtok_r(NULL, ",", &save))
            list[(*count)++] = xstrdup(t);
        free(copy);
        break;
    }
    }
}

void config_defaults(struct ej_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    for (int i = 0; i < config_nkeys; i++)
        key_set_default(cfg, &config_keys[i]);
}

void config_free(struct ej_config *cfg)
{
    for (int i = 0; i < config_nkeys; i++) {
        const struct config_key *k = &config_keys[i];
        if (k->type == CFG_STRING || k->type == CFG_ENUM) {
            free(*FIELD(cfg, k->offset, char *));
            *FIELD(cfg, k->offset, char *) = NULL;
        } else if (k->type == CFG_STRING_LIST) {
            char **list = FIELD(cfg, k->offset, char *);
            int *count = FIELD(cfg, k->count_offset, int);
            for (int j = 0; j < *count; j++) {
                free(list[j]);
                list[j] = NULL;
            }
            *count = 0;
        }
    }
}

static const struct config_key *key_find(const char *path)
{
    for (int i = 0; i < config_nkeys; i++)
        if (strcmp(config_keys[i].path, path) == 0)
            return &config_keys[i];
    return NULL;
}

static int group_known(const char *path)
{
    size_t n = strlen(path);
    for (int i = 0; i < config_nkeys; i++)
        if (strncmp(config_keys[i].path, path, n) == 0 && config_keys[i].path[n] == '.')
            return 1;
    return 0;
}

static int enum_has(const char *choices, const char *v)
{
    size_t n = strlen(v);
    const char *p = choices;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, v, n) == 0)
            return 1;
        if (!bar)
            break;
        p = bar + 1;
    }
    return 0;
}

static enum ej_err bad(struct ej_error *err, const char *file, config_setting_t *s,
                       const char *fmt, const char *path, const char *extra)
{
    char what[400];
    snprintf(what, sizeof what, fmt, path, extra ? extra : "");
    return ej_error_set(err, EJ_ECONFIG, "%s:%d: %s", file, config_setting_source_line(s), what);
}

static enum ej_err apply_setting(struct ej_config *cfg, const struct config_key *k,
                                 config_setting_t *s, const char *file, const char *path,
                                 struct ej_error *err)
{
    int t = config_setting_type(s);
    char range[64];
    switch (k->type) {
    case CFG_INT: {
        snprintf(range, sizeof range, "%ld..%ld", k->min, k->max);
        if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
            return bad(err, file, s, _("\"%s\": an integer %s was expected"), path, range);
        long long v = config_setting_get_int64(s);
        if (t == CONFIG_TYPE_INT)
            v = config_setting_get_int(s);
        if (v < k->min || v > k->max)
            return bad(err, file, s, _("\"%s\": an integer %s was expected"), path, range);
        *FIELD(cfg, k->offset, int) = (int)v;
        break;
    }
    case CFG_BOOL:
        if (t != CONFIG_TYPE_BOOL)
            return bad(err, file, s, _("\"%s\": true or false was expected%s"), path, "");
        *FIELD(cfg, k->offset, int) = config_setting_get_bool(s);
        break;
    case CFG_STRING:
        if (t != CONFIG_TYPE_STRING)
            return bad(err, file, s, _("\"%s\": a string in double quotes was expected%s"), path,
                       "");
        set_string(FIELD(cfg, k->offset, char *), config_setting_get_string(s));
        break;
    case CFG_ENUM:
        if (t != CONFIG_TYPE_STRING || !enum_has(k->choices, config_setting_get_string(s)))
            return bad(err, file, s, _("\"%s\": one of %s was expected"), path, k->choices);
        set_string(FIELD(cfg, k->offset, char *), config_setting_get_string(s));
        break;
    case CFG_STRING_LIST: {
        snprintf(range, sizeof range, "%ld..%ld", k->min, k->max);
        if (t == CONFIG_TYPE_STRING) {
            /* A single string stands for a one-element list. */
        } else if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) {
            return bad(err, file, s, _("\"%s\": a list of %s strings was expected"), path, range);
        }
        int n = t == CONFIG_TYPE_STRING ? 1 : config_setting_length(s);
        if (n < k->min || n > k->max)
            return bad(err, file, s, _("\"%s\": a list of %s strings was expected"), path, range);
        char **list = FIELD(cfg, k->offset, char *);
        int *count = FIELD(cfg, k->count_offset, int);
        for (int j = 0; j < *count; j++) {
            free(list[j]);
            list[j] = NULL;
        }
        *count = 0;
        for (int j = 0; j < n; j++) {
            config_setting_t *e = t == CONFIG_TYPE_STRING ? s : config_setting_get_elem(s, (unsigned)j);
            if (config_setting_type(e) != CONFIG_TYPE_STRING)
                return bad(err, file, s, _("\"%s\": a list of %s strings was expected"), path,
                           range);
            list[(*count)++] = xstrdup(config_setting_get_string(e));
        }
        break;
    }
    }
    return EJ_OK;
}

static enum ej_err walk(struct ej_config *cfg, config_setting_t *group, const char *prefix,
                        const char *file, struct ej_error *err)
{
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
        const char *name = config_setting_name(s);
        char path[256];
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", name ? name : "?");
        if (config_setting_type(s) == CONFIG_TYPE_GROUP) {
            if (!group_known(path))
                return bad(err, file, s, _("unknown section \"%s\"%s"), path, "");
            enum ej_err e = walk(cfg, s, path, file, err);
            if (e != EJ_OK)
                return e;
            continue;
        }
        const struct config_key *k = key_find(path);
        if (!k)
            return bad(err, file, s, _("unknown setting \"%s\"%s"), path, "");
        enum ej_err e = apply_setting(cfg, k, s, file, path, err);
        if (e != EJ_OK)
            return e;
    }
    return EJ_OK;
}

static enum ej_err load(struct ej_config *cfg, const char *path, const char *text,
                        struct ej_error *err)
{
    config_t lc;
    config_init(&lc);
    int ok = text ? config_read_string(&lc, text) : config_read_file(&lc, path);
    enum ej_err e = EJ_OK;
    if (!ok) {
        if (config_error_type(&lc) == CONFIG_ERR_FILE_IO)
            e = ej_error_set(err, EJ_ECONFIG, _("%s: cannot read the file"), path);
        else
            e = ej_error_set(err, EJ_ECONFIG, _("%s:%d: syntax error: %s"), path,
                             config_error_line(&lc), config_error_text(&lc));
    } else {
        e = walk(cfg, config_root_setting(&lc), "", path, err);
    }
    config_destroy(&lc);
    if (e != EJ_OK) {
        config_free(cfg);
        config_defaults(cfg);
    }
    return e;
}

enum ej_err config_load(struct ej_config *cfg, const char *path, struct ej_error *err)
{
    return load(cfg, path, NULL, err);
}

enum ej_err config_load_string(struct ej_config *cfg, const char *text, const char *name,
                               struct ej_error *err)
{
    return load(cfg, name, text, err);
}

static void print_quoted(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

void config_print(const struct ej_config *cfg, void *out)
{
    FILE *fp = out;
    const char *open_group = NULL;
    size_t open_len = 0;
    for (int i = 0; i < config_nkeys; i++) {
        const struct config_key *k = &config_keys[i];
        const char *dot = strchr(k->path, '.');
        size_t glen = dot ? (size_t)(dot - k->path) : 0;
        if (open_group && (!dot || glen != open_len || strncmp(open_group, k->path, glen) != 0)) {
            fputs("};\n", fp);
            open_group = NULL;
        }
        if (dot && !open_group) {
            fprintf(fp, "%.*s: {\n", (int)glen, k->path);
            open_group = k->path;
            open_len = glen;
        }
        const char *name = dot ? dot + 1 : k->path;
        fprintf(fp, "%s%s = ", dot ? "  " : "", name);
        const char *cfgp = (const char *)cfg;
        switch (k->type) {
        case CFG_INT:
            fprintf(fp, "%d", *(const int *)(cfgp + k->offset));
            break;
        case CFG_BOOL:
            fputs(*(const int *)(cfgp + k->offset) ? "true" : "false", fp);
            break;
        case CFG_STRING:
        case CFG_ENUM:
            print_quoted(fp, *(char *const *)(cfgp + k->offset));
            break;
        case CFG_STRING_LIST: {
            char *const *list = (char *const *)(cfgp + k->offset);
            int count = *(const int *)(cfgp + k->count_offset);
            fputs("[ ", fp);
            for (int j = 0; j < count; j++) {
                if (j)
                    fputs(", ", fp);
                print_quoted(fp, list[j]);
            }
            fputs(" ]", fp);
            break;
        }
        }
        fputs(";\n", fp);
    }
    if (open_group)
        fputs("};\n", fp);
}

char *config_host_key_path(const struct ej_config *cfg)
{
    if (cfg->host_key && *cfg->host_key)
        return xstrdup(cfg->host_key);
    return xasprintf("%s/ssh_host_ed25519_key", cfg->state_dir);
}
