/*
 * options: a table of cli_option turned into GLib option entries, every
 * entry a callback (on_option) that puts the value where the table says
 * and refuses what GLib would let through (a value option given twice, a
 * value outside a choice, "--flag=VALUE"); the command's --help from the
 * same table.  See options.h.
 */
#include "cli/options.h"

#include <assert.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "cli/cli.h"

/* Every block handed out (values, lists), freed by cli_options_release(). */
static GPtrArray *owned;

/* A block of n bytes the parser owns. */
static void *owned_alloc(size_t n)
{
    void *p = g_malloc0(n);
    if (!owned) owned = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(owned, p);
    return p;
}

/* A copy of s the parser owns. */
static char *owned_copy(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(owned_alloc(n), s, n);
}

void cli_options_release(void)
{
    if (owned) g_ptr_array_free(owned, TRUE);
    owned = NULL;
}

/* One parse: the table and which of its options were seen. */
typedef struct {
    const cli_option *options;
    bool *seen;
} parse_state;

/* The number of options in a table. */
static size_t count_options(const cli_option *options)
{
    size_t n = 0;
    while (options[n].name)
        n++;
    return n;
}

/* The index of the option GLib names "--name" or "-x". */
static size_t option_index(const cli_option *options, const char *option_name)
{
    size_t i = 0;
    for (; options[i].name; i++)
        if (option_name[1] == '-' ? strcmp(option_name + 2, options[i].name) == 0
                                  : option_name[1] == options[i].letter)
            break;
    return i;
}

/* The choices "a|b|c" as the words "a, b or c", in a new string. */
static char *choice_words(const char *choices)
{
    GString *s = g_string_new(NULL);
    const char *last = strrchr(choices, '|');
    for (const char *p = choices; *p; p++) {
        if (*p != '|')
            g_string_append_c(s, *p);
        else
            g_string_append(s, p == last ? " or " : ", ");
    }
    return g_string_free(s, FALSE);
}

/* True if value is one of the '|'-separated words of choices. */
static bool is_choice(const char *choices, const char *value)
{
    size_t n = strlen(value);
    for (const char *p = choices;; p++) {
        size_t len = strcspn(p, "|");
        if (len == n && strncmp(p, value, n) == 0) return true;
        p += len;
        if (!*p) return false;
    }
}

/* Append value to the list l. */
static void list_append(cli_list *l, const char *value)
{
    char **items = owned_alloc((l->n + 1) * sizeof *items);
    if (l->n) memcpy(items, l->items, l->n * sizeof *items);
    items[l->n++] = owned_copy(value);
    l->items = items;
}

/* GLib's callback for every option: store the value as the table says. */
static gboolean on_option(const gchar *option_name, const gchar *value, gpointer data,
                          GError **error)
{
    parse_state *st = data;
    size_t i = option_index(st->options, option_name);
    const cli_option *o = &st->options[i];
    if (o->kind == CLI_FLAG) {
        *(bool *)o->target = true;
    } else if (o->kind == CLI_LIST) {
        list_append(o->target, value);
    } else if (st->seen[i]) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--%s given twice", o->name);
        return FALSE;
    } else if (o->kind == CLI_CHOICE && !is_choice(o->value, value)) {
        char *words = choice_words(o->value);
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--%s '%s': use %s", o->name,
                    value, words);
        g_free(words);
        return FALSE;
    } else {
        *(const char **)o->target = owned_copy(value);
    }
    st->seen[i] = true;
    return TRUE;
}

/* A context for the table, its entries calling on_option with st. */
static GOptionContext *new_context(const cli_option *options, parse_state *st, const char *operands)
{
    size_t n = count_options(options);
    GOptionEntry *entries = g_new0(GOptionEntry, n + 1);
    GOptionContext *c = g_option_context_new(operands);
    GOptionGroup *g = g_option_group_new("options", "", "", st, NULL);
    for (size_t i = 0; i < n; i++) {
        const cli_option *o = &options[i];
        entries[i] = (GOptionEntry){
            .long_name = o->name,
            .short_name = o->letter,
            /* FILENAME: the bytes as given, not converted from the locale's charset */
            .flags = o->kind == CLI_FLAG ? G_OPTION_FLAG_NO_ARG : G_OPTION_FLAG_FILENAME,
            .arg = G_OPTION_ARG_CALLBACK,
            .arg_data = (gpointer)on_option,
            .description = o->help,
            .arg_description = o->value,
        };
    }
    g_option_group_add_entries(g, entries);
    g_free(entries);
    g_option_context_set_main_group(c, g);
    g_option_context_set_help_enabled(c, FALSE);
    return c;
}

/* GLib takes "--flag=VALUE" as "--flag": refuse it, up to a "--". */
static rs_status check_flags(int argc, char **argv, const cli_option *options, const char *who,
                             rs_error *e)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        for (const cli_option *o = options; o->name; o++) {
            size_t n = strlen(o->name);
            if (o->kind == CLI_FLAG && strncmp(argv[i], "--", 2) == 0 &&
                strncmp(argv[i] + 2, o->name, n) == 0 && argv[i][n + 2] == '=')
                return rs_fail(e, RS_EUSAGE, "--%s takes no value; see `reliefstat%s%s --help`",
                               o->name, who ? " " : "", who ? who : "");
        }
    return RS_OK;
}

rs_status cli_options_parse(int *argc, char ***argv, const cli_option *options, cli_parse_mode mode,
                            const char *who, rs_error *e)
{
    parse_state st = {options, g_new0(bool, count_options(options) + 1)};
    GOptionContext *c = new_context(options, &st, NULL);
    GError *gerr = NULL;
    rs_status s = check_flags(*argc, *argv, options, who, e);
    g_option_context_set_strict_posix(c, mode == CLI_PARSE_LEADING);
    g_option_context_set_ignore_unknown_options(c, mode == CLI_PARSE_KNOWN);
    if (s == RS_OK && !g_option_context_parse(c, argc, argv, &gerr)) {
        /* GLib's messages start with a capital; ours do not. */
        gerr->message[0] = g_ascii_tolower(gerr->message[0]);
        s = rs_fail(e, RS_EUSAGE, "%s; see `reliefstat%s%s --help`", gerr->message, who ? " " : "",
                    who ? who : "");
        g_error_free(gerr);
    }
    g_option_context_free(c);
    g_free(st.seen);
    return s;
}

/* Drop the "--" that GLib leaves before operands that start with '-'. */
static void drop_separator(int *argc, char **argv)
{
    for (int i = 1; i < *argc; i++)
        if (strcmp(argv[i], "--") == 0) {
            memmove(argv + i, argv + i + 1, (size_t)(*argc - i) * sizeof *argv);
            (*argc)--;
            return;
        }
}

/* The global options as a block of --help, aligned as GLib aligns the
 * command's own: a new string. */
static char *global_help(void)
{
    GString *s = g_string_new("Global options, anywhere on the line:\n");
    int width = 0;
    for (const cli_option *o = cli_global_options; o->name; o++) {
        int n = (int)strlen(o->name) + (o->value ? (int)strlen(o->value) + 1 : 0);
        if (n > width) width = n;
    }
    for (const cli_option *o = cli_global_options; o->name; o++) {
        char *left =
            g_strdup_printf("%s%s%s", o->name, o->value ? "=" : "", o->value ? o->value : "");
        g_string_append_printf(s, "  --%-*s     %s\n", width, left, o->help);
        g_free(left);
    }
    return g_string_free(s, FALSE);
}

/* Print the --help of command cmd, whose options are the table. */
static void print_help(const cli_command *cmd, const cli_option *options)
{
    parse_state st = {options, NULL};
    GOptionContext *c = new_context(options, &st, cmd->operands);
    char *prog = g_strdup_printf("reliefstat %s", cmd->name), *globals = global_help(), *text;
    /* GLib's usage line names the program; the only other thread a run
     * starts, for findings, does not exist yet. */
    g_set_prgname(prog);
    g_option_context_set_summary(c, cmd->summary);
    g_option_context_set_description(c, globals);
    text = g_option_context_get_help(c, TRUE, NULL);
    fputs(text, stdout);
    g_free(text);
    g_free(globals);
    g_free(prog);
    g_option_context_free(c);
}

bool cli_parse(int *argc, char ***argv, const cli_option *options, rs_error *e)
{
    const cli_command *cmd = cli_command_named((*argv)[0]);
    size_t n = count_options(options);
    assert(cmd && "cli_parse parses the arguments of a command of cli_commands");
    bool help = false;
    cli_option *all = rs_calloc(n + 2, sizeof *all);
    memcpy(all, options, n * sizeof *all);
    all[n] = (cli_option){"help", 'h', CLI_FLAG, &help, NULL, "show this help"};
    rs_status s = cli_options_parse(argc, argv, all, CLI_PARSE_ALL, cmd->name, e);
    if (s == RS_OK) drop_separator(argc, *argv);
    if (s == RS_OK && help) print_help(cmd, all);
    free(all);
    if (s == RS_OK && help) rs_error_clear(e);
    return s == RS_OK && !help;
}
