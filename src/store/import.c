/*
 * import: the contract's tables as data (one descriptor array per table:
 * column, Chinese alias, type, required, key, store column) and the loader
 * that turns CSV records into store rows.  The loader validates every cell,
 * checks the referential rules, then inserts, replaces (recording the old
 * values in import_changes) or leaves a row unchanged by its key.  The SQL
 * it runs is built once per file from the descriptor, with every value
 * bound; table and column names come only from the descriptors.
 */
#include "store/import.h"

#include <glib.h>
#include <csv.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "base/home.h"
#include "base/idnum.h"
#include "base/mask.h"
#include "base/parse.h"
#include "base/region.h"
#include "store/approval.h"
#include "store/csvin.h"
#include "store/store.h"

/* ------------------------------------------------------------------ */
/* Descriptors                                                        */
/* ------------------------------------------------------------------ */

typedef enum {
    T_TEXT,
    T_ACCOUNT, /* text: a bank account number, masked in messages */
    T_REGION,
    T_IDNUM,
    T_ENUM,
    T_BOOL,
    T_INT,
    T_MONEY,
    T_DATE,
    T_DATETIME,
    T_MONTH,
    T_DECIMAL
} col_type;

enum { C_REQ = 1, C_KEY = 2 | 1 }; /* a key column is required */

/* Rows a column's value must point to. */
typedef enum {
    REF_NONE,
    REF_HOUSEHOLD, /* a household_id in households */
    REF_MEMBER     /* an id_number in persons, of the row's household_id */
} col_ref;

/* A coded value and its Chinese label ("a/b" accepts a, b or a/b). */
typedef struct {
    const char *code, *label;
} enum_value;

#define LV(l)          (1u << (l))
#define LV_VILLAGE     LV(LEVEL_VILLAGE)
#define LV_PAYING      (LV(LEVEL_VILLAGE) | LV(LEVEL_TOWNSHIP))
#define LV_COUNTY_UP   (LV(LEVEL_COUNTY) | LV(LEVEL_PREFECTURE) | LV(LEVEL_REGION))
#define LV_COUNTY_DOWN (LV(LEVEL_COUNTY) | LV(LEVEL_TOWNSHIP) | LV(LEVEL_VILLAGE))

/* A column descriptor: name, alias, type, flags, then any designated fields. */
#define COL(n, a, t, f, ...)                                                                       \
    {                                                                                              \
        .name = (n), .alias = (a), .type = (t), .flags = (f), __VA_ARGS__                          \
    }

typedef struct {
    const char *name;  /* the contract's English name */
    const char *alias; /* the contract's Chinese alias */
    col_type type;
    unsigned flags;           /* C_REQ, C_KEY */
    const char *store;        /* store column when not name (money, decimals) */
    const enum_value *values; /* T_ENUM, ended by {NULL} */
    unsigned levels;          /* T_REGION: allowed levels (LV bits), 0 = any */
    const char *levels_why;   /* T_REGION: the reason when the level is wrong */
    const char *span;         /* T_REGION: store column that also gets the span */
    int64_t min, max;         /* T_INT */
    col_ref ref;
} import_column;

/* A table rule beyond single cells; returns NULL or a reason for the value
 * of column *col. */
typedef struct loader loader;
typedef const char *(*row_rule)(loader *L, int *col);

typedef struct {
    const char *name;
    const import_column *cols;
    size_t ncols;
    row_rule rule;
    bool check_divisions; /* warn about region codes whose county is unknown */
    bool monthly;         /* rows keyed by ledger month: the refresh is told the months */
} import_table;

#define PAY_ITEM_VALUES                                                                            \
    {"dibao", "低保"}, {"tekun", "特困"}, {"temp", "临时救助"}, {"medical", "医疗救助"},           \
        {"education", "教育救助"}, {"housing", "住房救助"}, {"employment", "就业救助"},            \
        {"disaster", "受灾救助"}, {"heating", "取暖救助"}, {"funeral", "殡葬救助"},                \
    {                                                                                              \
        "other", "其他"                                                                          \
    }

static const enum_value level_values[] = {{"region", "自治区/省"}, {"prefecture", "州/市"},
                                          {"county", "县/区"},     {"township", "乡/镇"},
                                          {"village", "村/社区"},  {NULL, NULL}};
static const enum_value standard_items[] = {{"dibao_urban", "城市低保"},
                                            {"dibao_rural", "农村低保"},
                                            {"tekun_urban", "城市特困"},
                                            {"tekun_rural", "农村特困"},
                                            {NULL, NULL}};
static const enum_value param_names[] = {{"pay_deadline_day", NULL},
                                         {"edge_multiplier", NULL},
                                         {"rigid_expense_ratio", NULL},
                                         {"disposable_income_py", NULL},
                                         {"temp_max_months", NULL},
                                         {"advance_max_multiple", NULL},
                                         {"reply_hours", NULL},
                                         {"review_days", NULL},
                                         {"feedback_days", NULL},
                                         {"warning_days", NULL},
                                         {"tekun_min_multiple", NULL},
                                         {"visit_days", NULL},
                                         {"urgent_hours", NULL},
                                         {"employment_cost_max_ratio", NULL},
                                         {"gradual_exit_min_months", NULL},
                                         {"monitor_window_months", NULL},
                                         {"shared_account_households", NULL},
                                         {"jump_multiple", NULL},
                                         {"outlier_threshold", NULL},
                                         {"outlier_min_change", NULL},
                                         {"submit_deadline_day", NULL},
                                         {NULL, NULL}};
static const enum_value urban_rural[] = {{"urban", "城市"}, {"rural", "农村"}, {NULL, NULL}};
static const enum_value relations[] = {{"head", "户主"},   {"spouse", "配偶"}, {"child", "子女"},
                                       {"parent", "父母"}, {"other", "其他"},  {NULL, NULL}};
static const enum_value categories[] = {{"dibao", "低保"},
                                        {"tekun", "特困"},
                                        {"edge", "低保边缘"},
                                        {"rigid", "刚性支出困难"},
                                        {"monitor", "防止返贫监测对象"},
                                        {"other", "其他困难人员"},
                                        {NULL, NULL}};
static const enum_value disability_types[] = {
    {"physical", "肢体"},     {"visual", "视力"}, {"hearing", "听力"},  {"speech", "言语"},
    {"intellectual", "智力"}, {"mental", "精神"}, {"multiple", "多重"}, {NULL, NULL}};
static const enum_value care_modes[] = {
    {"centralized", "集中"}, {"dispersed", "分散"}, {NULL, NULL}};
static const enum_value pay_items[] = {PAY_ITEM_VALUES, {NULL, NULL}};
static const enum_value budget_items[] = {PAY_ITEM_VALUES, {"all", "全部"}, {NULL, NULL}};
static const enum_value fund_sources[] = {{"central", "中央"},
                                          {"region", "自治区/省"},
                                          {"prefecture", "州/市"},
                                          {"county", "县"},
                                          {NULL, NULL}};
static const enum_value application_kinds[] = {{"temp", "临时救助"},      {"dibao", "低保"},
                                               {"tekun", "特困"},         {"edge", "低保边缘"},
                                               {"rigid", "刚性支出困难"}, {NULL, NULL}};
static const enum_value severities[] = {{"none", "无"},
                                        {"disabled", "致残"},
                                        {"lost_work", "丧失劳动能力"},
                                        {"lost_selfcare", "丧失自理能力"},
                                        {NULL, NULL}};
static const enum_value decisions[] = {
    {"approved", NULL}, {"rejected", NULL}, {"pending", NULL}, {NULL, NULL}};
static const enum_value review_kinds[] = {
    {"routine", "日常排查"}, {"comprehensive", "全面排查"}, {NULL, NULL}};
static const enum_value review_outcomes[] = {
    {"continue", NULL}, {"adjust", NULL}, {"terminate", NULL}, {NULL, NULL}};
static const enum_value departments[] = {{"education", NULL},
                                         {"hrss", NULL},
                                         {"housing", NULL},
                                         {"agriculture", NULL},
                                         {"health", NULL},
                                         {"emergency", NULL},
                                         {"medical_insurance", NULL},
                                         {"disabled_federation", NULL},
                                         {"union", NULL},
                                         {"other", NULL},
                                         {NULL, NULL}};
static const enum_value referral_outcomes[] = {
    {"assisted", NULL}, {"not_eligible", NULL}, {"pending", NULL}, {NULL, NULL}};
static const enum_value signals[] = {
    {"income_drop", NULL}, {"medical", NULL}, {"disaster", NULL}, {"unemployment", NULL},
    {"disability", NULL},  {"death", NULL},   {"other", NULL},    {NULL, NULL}};
static const enum_value dispositions[] = {{"implement", "落实政策"},
                                          {"refer", "推送部门"},
                                          {"case_meeting", "一事一议"},
                                          {"review_exit", "核查退出"},
                                          {NULL, NULL}};
static const enum_value bank_statuses[] = {
    {"success", "成功"}, {"failed", "失败"}, {"reversed", "退回"}, {NULL, NULL}};
static const enum_value check_sources[] = {{"death", "死亡/火化"},
                                           {"vehicle", "车辆"},
                                           {"business", "工商登记"},
                                           {"public_employee", "财政供养"},
                                           {"real_estate", "房产"},
                                           {"other", NULL},
                                           {NULL, NULL}};

static const import_column divisions_cols[] = {
    COL("code", "区划代码", T_REGION, C_KEY),
    COL("name", "名称", T_TEXT, C_REQ),
    COL("level", "级别", T_ENUM, 0, .values = level_values),
    COL("parent_code", "上级代码", T_REGION, 0),
};
static const import_column standards_cols[] = {
    COL("region_code", "区划代码", T_REGION, C_KEY, .span = "region_span"),
    COL("item", "标准类别", T_ENUM, C_KEY, .values = standard_items),
    COL("effective_from", "执行起始月", T_MONTH, C_KEY),
    COL("monthly_yuan", "月标准(元/人)", T_MONEY, C_REQ, .store = "monthly_fen"),
};
static const import_column params_cols[] = {
    COL("region_code", "区划代码", T_REGION, C_KEY, .span = "region_span"),
    COL("name", "参数", T_ENUM, C_KEY, .values = param_names),
    COL("value", "值", T_DECIMAL, C_REQ, .store = "value_e6"),
    COL("effective_from", "执行起始月", T_MONTH, C_KEY),
};
static const import_column households_cols[] = {
    COL("household_id", "家庭编号", T_TEXT, C_KEY),
    COL("region_code", "区划代码", T_REGION, C_REQ, .levels = LV_VILLAGE,
        .levels_why = "a household needs a village code (12 digits)"),
    COL("urban_rural", "城乡属性", T_ENUM, C_REQ, .values = urban_rural),
    COL("head_id", "户主身份证号", T_IDNUM, C_REQ),
    COL("members", "家庭人口", T_INT, C_REQ, .min = 1, .max = INT64_MAX),
    COL("income_pc_monthly", "月人均收入", T_MONEY, C_REQ, .store = "income_pc_monthly_fen"),
    COL("annual_income", "家庭年收入", T_MONEY, 0, .store = "annual_income_fen"),
    COL("rigid_expense_12m", "刚性支出", T_MONEY, 0, .store = "rigid_expense_12m_fen"),
    COL("employment_cost", "就业成本扣减", T_MONEY, 0, .store = "employment_cost_fen"),
    COL("assets_ok", "财产符合", T_BOOL, 0),
    COL("registered_on", "登记日期", T_DATE, 0),
};
static const import_column persons_cols[] = {
    COL("id_number", "身份证号", T_IDNUM, C_KEY),
    COL("name", "姓名", T_TEXT, C_REQ),
    COL("household_id", "家庭编号", T_TEXT, C_REQ, .ref = REF_HOUSEHOLD),
    COL("relation", "与户主关系", T_ENUM, C_REQ, .values = relations),
    COL("disability_grade", "残疾等级", T_INT, 0, .min = 0, .max = 4),
    COL("severe_illness", "重病", T_BOOL, 0),
    COL("can_work", "有劳动能力", T_BOOL, 0),
    COL("death_date", "死亡日期", T_DATE, 0),
    COL("disability_type", "残疾类别", T_ENUM, 0, .values = disability_types),
};
static const import_column enrolments_cols[] = {
    COL("enrolment_id", "认定编号", T_TEXT, C_KEY),
    COL("household_id", "家庭编号", T_TEXT, C_REQ, .ref = REF_HOUSEHOLD),
    COL("id_number", "身份证号", T_IDNUM, 0, .ref = REF_MEMBER),
    COL("category", "救助类别", T_ENUM, C_REQ, .values = categories),
    COL("care_mode", "供养方式", T_ENUM, 0, .values = care_modes),
    COL("start_date", "认定日期", T_DATE, C_REQ),
    COL("end_date", "终止日期", T_DATE, 0),
    COL("end_reason", "终止原因", T_TEXT, 0),
    COL("gradual_exit_until", "渐退期至", T_DATE, 0),
    COL("monthly_yuan", "核定月救助金", T_MONEY, 0, .store = "monthly_fen"),
};
static const import_column payments_cols[] = {
    COL("payment_id", "发放流水号", T_TEXT, C_KEY),
    COL("household_id", "家庭编号", T_TEXT, 0),
    COL("id_number", "领款人身份证号", T_IDNUM, C_REQ),
    COL("region_code", "区划代码", T_REGION, C_REQ, .levels = LV_PAYING,
        .levels_why = "a payment needs a village or township code"),
    COL("item", "资金项目", T_ENUM, C_REQ, .values = pay_items),
    COL("period", "所属期", T_MONTH, C_REQ),
    COL("amount_due", "应发金额", T_MONEY, C_REQ, .store = "amount_due_fen"),
    COL("amount_paid", "实发金额", T_MONEY, C_REQ, .store = "amount_paid_fen"),
    COL("paid_on", "发放日期", T_DATE, 0),
    COL("fund_source", "资金来源", T_ENUM, 0, .values = fund_sources),
    COL("bank_ref", "银行流水号", T_TEXT, 0),
    COL("account_no", "收款账号", T_ACCOUNT, 0),
};
static const import_column bank_returns_cols[] = {
    COL("bank_ref", "银行流水号", T_TEXT, C_KEY),
    COL("region_code", "区划代码", T_REGION, C_REQ, .levels = LV_COUNTY_DOWN,
        .levels_why = "a bank return needs the paying unit's code: a county, township or village"),
    COL("period", "所属期", T_MONTH, C_REQ),
    COL("account_no", "收款账号", T_ACCOUNT, C_REQ),
    COL("account_name", "账户户名", T_TEXT, C_REQ),
    COL("amount", "金额", T_MONEY, C_REQ, .store = "amount_fen"),
    COL("status", "状态", T_ENUM, C_REQ, .values = bank_statuses),
    COL("settled_on", "入账日期", T_DATE, 0),
    COL("reason", "失败原因", T_TEXT, 0),
};
static const import_column budgets_cols[] = {
    COL("region_code", "区划代码", T_REGION, C_KEY, .levels = LV_COUNTY_UP,
        .levels_why = "a budget needs a county code or higher"),
    COL("year", "年度", T_INT, C_KEY, .min = 1000, .max = 9999),
    COL("item", "资金项目", T_ENUM, C_KEY, .values = budget_items),
    COL("fund_source", "资金来源", T_ENUM, C_KEY, .values = fund_sources),
    COL("allocated", "下达金额", T_MONEY, C_REQ, .store = "allocated_fen"),
    COL("required", "应配套金额", T_MONEY, 0, .store = "required_fen"),
    COL("allocated_on", "下达日期", T_DATE, 0),
};
static const import_column applications_cols[] = {
    COL("application_id", "申请编号", T_TEXT, C_KEY),
    COL("household_id", "家庭编号", T_TEXT, 0),
    COL("id_number", "申请人身份证号", T_IDNUM, C_REQ),
    COL("region_code", "区划代码", T_REGION, C_REQ),
    COL("kind", "申请类别", T_ENUM, C_REQ, .values = application_kinds),
    COL("urgent", "急难", T_BOOL, 0),
    COL("advance", "先行救助", T_BOOL, 0),
    COL("severity", "困难程度", T_ENUM, 0, .values = severities),
    COL("persons", "救助人数", T_INT, 0, .min = 1, .max = INT64_MAX),
    COL("months", "困难持续月数", T_INT, 0, .min = 1, .max = INT64_MAX),
    COL("received_at", "受理时间", T_DATETIME, C_REQ),
    COL("decided_at", "答复时间", T_DATETIME, 0),
    COL("decision", "结果", T_ENUM, 0, .values = decisions),
    COL("amount", "救助金额", T_MONEY, 0, .store = "amount_fen"),
    COL("assisted_at", "救助时间", T_DATETIME, 0),
};
static const import_column reviews_cols[] = {
    COL("household_id", "家庭编号", T_TEXT, C_KEY, .ref = REF_HOUSEHOLD),
    COL("reviewed_on", "复核日期", T_DATE, C_KEY),
    COL("kind", "类型", T_ENUM, C_KEY, .values = review_kinds),
    COL("outcome", "结果", T_ENUM, 0, .values = review_outcomes),
};
static const import_column referrals_cols[] = {
    COL("referral_id", "推送编号", T_TEXT, C_KEY),
    COL("household_id", "家庭编号", T_TEXT, C_REQ),
    COL("to_dept", "接收部门", T_ENUM, C_REQ, .values = departments),
    COL("need", "需求", T_TEXT, C_REQ),
    COL("pushed_on", "推送日期", T_DATE, C_REQ),
    COL("feedback_on", "反馈日期", T_DATE, 0),
    COL("outcome", "办理结果", T_ENUM, 0, .values = referral_outcomes),
};
static const import_column warnings_cols[] = {
    COL("warning_id", "预警编号", T_TEXT, C_KEY),
    COL("household_id", "家庭编号", T_TEXT, C_REQ),
    COL("signal", "预警类型", T_ENUM, C_REQ, .values = signals),
    COL("raised_on", "预警日期", T_DATE, C_REQ),
    COL("handled_on", "处置日期", T_DATE, 0),
    COL("disposition", "处置方式", T_ENUM, 0, .values = dispositions),
};
static const import_column crosscheck_cols[] = {
    COL("id_number", "身份证号", T_IDNUM, C_KEY),
    COL("source", "比对来源", T_ENUM, C_KEY, .values = check_sources),
    COL("matched_on", "比对日期", T_DATE, C_KEY),
    COL("event_date", "事件日期", T_DATE, 0),
    COL("detail", "说明", T_TEXT, 0),
};
static const import_column item_scope_cols[] = {
    COL("region_code", "区划代码", T_REGION, C_KEY, .span = "region_span"),
    COL("item", "资金项目", T_ENUM, C_KEY, .values = pay_items),
    COL("category", "救助类别", T_ENUM, C_KEY, .values = categories),
    COL("effective_from", "执行起始月", T_MONTH, C_KEY),
};
static const import_column staff_relatives_cols[] = {
    COL("id_number", "近亲属身份证号", T_IDNUM, C_KEY),
    COL("staff_name", "工作人员", T_TEXT, C_REQ),
    COL("relation", "关系", T_TEXT, C_REQ),
    COL("declared", "已备案", T_BOOL, C_REQ),
};

static const char *divisions_rule(loader *L, int *col);
static const char *applications_rule(loader *L, int *col);
static const char *item_scope_rule(loader *L, int *col);

#define TABLE(n, ...)                                                                              \
    {                                                                                              \
#n, n##_cols, sizeof n##_cols / sizeof n##_cols[0], __VA_ARGS__                            \
    }

/* Every contract table, in the order a command imports them: a table comes
 * after the tables its rows refer to.  TABLE(name, rule, check_divisions,
 * monthly). */
static const import_table tables[] = {
    TABLE(divisions, divisions_rule, false, false),
    TABLE(standards, NULL, true, false),
    TABLE(params, NULL, true, false),
    TABLE(item_scope, item_scope_rule, true, false),
    TABLE(households, NULL, true, false),
    TABLE(persons, NULL, false, false),
    TABLE(enrolments, NULL, false, false),
    TABLE(payments, NULL, true, true),
    TABLE(bank_returns, NULL, true, true),
    TABLE(budgets, NULL, true, false),
    TABLE(applications, applications_rule, true, false),
    TABLE(reviews, NULL, false, false),
    TABLE(referrals, NULL, false, false),
    TABLE(warnings, NULL, false, false),
    TABLE(crosscheck, NULL, false, false),
    TABLE(staff_relatives, NULL, false, false),
};
#define NTABLES (sizeof tables / sizeof tables[0])

/* Returns the descriptor of the table called name, or NULL. */
static const import_table *table_named(const char *name)
{
    for (size_t i = 0; i < NTABLES; i++)
        if (strcmp(tables[i].name, name) == 0) return &tables[i];
    return NULL;
}

bool import_is_table(const char *name)
{
    return table_named(name) != NULL;
}

bool import_is_monthly(const char *name)
{
    const import_table *t = table_named(name);
    return t && t->monthly;
}

const char *import_table_of_path(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < NTABLES; i++) {
        size_t n = strlen(tables[i].name);
        if (strncmp(base, tables[i].name, n) == 0 && strcmp(base + n, ".csv") == 0)
            return tables[i].name;
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Loader state                                                       */
/* ------------------------------------------------------------------ */

/* A cell in its stored form; text points into the current record. */
typedef struct {
    enum { FV_NULL, FV_INT, FV_TEXT } kind;
    int64_t i;
    const char *s;
} field_value;

/* Counts of one file, as recorded in its batch. */
typedef struct {
    long read, inserted, replaced, unchanged, rejected;
    int64_t batch_id; /* the file's import_batches row */
    GArray *months;   /* monthly tables: the periods (int) of the rows written */
} file_counts;

/* State shared by the files of one import_run. */
typedef struct {
    store *db;
    const import_options *opt;
    FILE *rejects;          /* opened at the first reject */
    bool rejects_failed;    /* the rejects file could not be created */
    long errors;            /* error messages printed */
    long rejected_rows;     /* rows rejected */
    GHashTable *divisions;  /* set of unit codes (int64 *) already checked */
    bool progress;          /* stderr is a terminal */
    bool lookup_failed;     /* a lookup statement failed: lookup_error says why */
    rs_error lookup_error;  /* the first failure of a lookup statement */
    approval_locks *locks;  /* the locked county months, or NULL (none) */
    long locked_rows;       /* rows refused because they would change a locked month */
    char locked_first[256]; /* the first locked month met: county, month, state */
    GString *locked_where;  /* the first locked rows: "file:line, ..." */
} run_state;

/* State of loading one file. */
struct loader {
    run_state *run;
    const import_table *tab;
    csvin_file *file;
    const char *path;
    int64_t batch_id;
    bool fast;              /* the table was empty: insert without looking up */
    bool copy;              /* the table was empty and the store loads in bulk (store_copy_*) */
    const char **copy_vals; /* copy: a row's values as text (nstore + batch_id) */
    char (*copy_num)[24];   /* copy: the texts of its integers */
    GPtrArray *indexes;     /* fast path: CREATE INDEX statements to run after loading */
    bool have_header;
    int *cell_of;   /* per descriptor column: index of its CSV cell, or -1 */
    char **heading; /* per descriptor column: the header text used, or NULL */
    int ncells_header;
    int nstore;        /* descriptor columns plus span columns */
    int *store_src;    /* per store slot: descriptor column it comes from */
    field_value *vals; /* per store slot */
    store_stmt *ins, *sel, *upd, *chg, *household, *member;
    char **param;       /* per store slot j: its parameter's name, ":vJ+1" */
    GHashTable *seen;   /* row id (or key text, see seen_key) -> line, for every row this
                         * file wrote or confirmed */
    const char *row_id; /* the store's row identifier (store_row_id), or NULL */
    int last_month;     /* the last month store_need_month was asked for */
    GString *key;
    GStringChunk *keys;       /* the key texts of seen, for a store without row ids */
    GString *known_household; /* the last household_id found to exist (rows come grouped) */
    GHashTable *ref_sets[2];  /* a server's store: the REF_HOUSEHOLD / REF_MEMBER keys, read
                               * once (load_reference_sets); NULL until then */
    GStringChunk *ref_keys;   /* ... their texts */
    char why[512];            /* reasons built at run time */
    csvin_record *rec;        /* the record being loaded */
    int row_errors;
    file_counts counts;
    int period_col;       /* monthly tables: the period column, else -1 */
    size_t next_progress; /* offset at which to redraw the progress line */
    bool progress_shown;  /* a progress line is on the terminal */
    int lock_code;        /* a locked table: its region_code column, else -1 */
    int lock_month;       /* ... and its month column (period, or received_at) */
};

/* ------------------------------------------------------------------ */
/* Messages and rejects                                               */
/* ------------------------------------------------------------------ */

/* Write one CSV field (quoted as needed) to f, preceded by a comma unless
 * first. */
static void put_field(FILE *f, const char *s, bool first)
{
    if (!first) fputc(',', f);
    csv_fwrite(f, s, strlen(s));
}

/* Append a rejects line: file, line, column, reason, then the cells of the
 * record (if any).  Opens the rejects file, with a BOM and a header, first. */
static void write_reject(run_state *run, const char *path, size_t line, int col, const char *reason,
                         const csvin_record *rec)
{
    char num[32];
    if (run->rejects_failed) return;
    if (!run->rejects) {
        if (!(run->rejects = fopen(run->opt->rejects, "w"))) {
            fprintf(stderr, "reliefstat import: cannot write rejects to %s: %s\n",
                    run->opt->rejects, strerror(errno));
            run->rejects_failed = true;
            return;
        }
        fputs("\xEF\xBB\xBF"
              "file,line,column,reason\n",
              run->rejects);
    }
    put_field(run->rejects, path, true);
    snprintf(num, sizeof num, "%zu", line);
    put_field(run->rejects, line > 0 ? num : "", false);
    snprintf(num, sizeof num, "%d", col);
    put_field(run->rejects, col > 0 ? num : "", false);
    put_field(run->rejects, reason, false);
    for (size_t i = 0; rec && i < rec->ncells; i++)
        put_field(run->rejects, rec->cells[i], false);
    fputc('\n', run->rejects);
}

/* How value shows in a message: masked like a name (MASK_NAME) or an
 * account (MASK_ACCOUNT) when it is what this row gives as one, whatever
 * column it turns up under (a shifted column moves it); else MASK_NONE. */
static mask_kind row_secret(const loader *L, const char *value)
{
    for (size_t c = 0; c < L->tab->ncols; c++) {
        const char *col = L->tab->cols[c].name;
        int at = L->cell_of[c];
        bool name = strcmp(col, "staff_name") == 0 || strcmp(col, "account_name") == 0 ||
                    (strcmp(col, "name") == 0 && strcmp(L->tab->name, "persons") == 0);
        bool account = L->tab->cols[c].type == T_ACCOUNT;
        if ((name || account) && at >= 0 && (size_t)at < L->rec->ncells &&
            strcmp(L->rec->cells[at], value) == 0)
            return name ? MASK_NAME : MASK_ACCOUNT;
    }
    return MASK_NONE;
}

/* Report an error in the current row: column c of the descriptor (at CSV
 * column csvcol), its value, and the reason formatted like printf; with c
 * -1 and value NULL, an error of the row as a whole (file:line: reason).
 * ID numbers are masked in the message. */
static void row_error(loader *L, int c, int csvcol, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void row_error(loader *L, int c, int csvcol, const char *value, const char *fmt, ...)
{
    char reason[1024], shown[64], name[160], msg[2048], at[32] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    const import_column *col = c >= 0 ? &L->tab->cols[c] : NULL;
    if (!value) {
        snprintf(msg, sizeof msg, "%s", reason);
    } else {
        mask_kind secret = *value ? row_secret(L, value) : MASK_NONE;
        if (*value && ((col && col->type == T_IDNUM) || idnum_well_formed(value)))
            value = mask_id(value, shown, sizeof shown);
        else if (secret == MASK_ACCOUNT || (*value && col && col->type == T_ACCOUNT))
            value = mask_account(value, shown, sizeof shown);
        else if (secret == MASK_NAME)
            value = mask_name(value, shown, sizeof shown);
        if (col && L->heading[c] && strcmp(L->heading[c], col->name) != 0)
            snprintf(name, sizeof name, "%s (%s)", col->name, L->heading[c]);
        else
            snprintf(name, sizeof name, "%s", col->name);
        snprintf(msg, sizeof msg, "column %s, value '%s': %s", name, value, reason);
        snprintf(at, sizeof at, ":%d", csvcol);
    }
    fprintf(stderr, "%s%s:%zu%s: %s\n", L->progress_shown ? "\r\033[K" : "", L->path, L->rec->line,
            at, msg);
    write_reject(L->run, L->path, L->rec->line, value ? csvcol : 0, msg, L->rec);
    L->run->errors++;
    L->row_errors++;
}

/* ------------------------------------------------------------------ */
/* Cells                                                              */
/* ------------------------------------------------------------------ */

/* True if word is one of the '/'-separated words of label, or label itself. */
static bool label_matches(const char *label, const char *word)
{
    size_t n = strlen(word);
    if (strcmp(label, word) == 0) return true;
    for (const char *p = label; *p;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == n && strncmp(p, word, n) == 0) return true;
        p += len + (slash ? 1 : 0);
    }
    return false;
}

/* Returns the code of the enum value written s (code in any case, or a
 * label word), or NULL. */
static const char *enum_match(const enum_value *v, const char *s)
{
    for (; v->code; v++)
        if (strcasecmp(v->code, s) == 0 || (v->label && label_matches(v->label, s))) return v->code;
    return NULL;
}

/* Writes "one of: a (甲), b, ..." into L->why; returns it. */
static const char *enum_reason(loader *L, const enum_value *v)
{
    size_t n = (size_t)snprintf(L->why, sizeof L->why, "not one of:");
    for (const enum_value *first = v; v->code && n < sizeof L->why; v++)
        n += (size_t)snprintf(L->why + n, sizeof L->why - n, "%s %s%s%s%s", v == first ? "" : ",",
                              v->code, v->label ? " (" : "", v->label ? v->label : "",
                              v->label ? ")" : "");
    return L->why;
}

/* Parses text (trimmed, non-empty; may be modified) as column c into *v.
 * Returns NULL or the reason it is not acceptable. */
static const char *parse_cell(loader *L, const import_column *c, char *text, field_value *v)
{
    const char *why = NULL;
    int32_t jdn;
    int ival;
    v->kind = FV_INT;
    switch (c->type) {
    case T_TEXT:
    case T_ACCOUNT:
        v->kind = FV_TEXT;
        v->s = text;
        return NULL;
    case T_IDNUM:
        if (!idnum_well_formed(text))
            return "not an ID number (18 characters: 17 digits and a digit or X; or 15 digits)";
        if (text[17] == 'x') text[17] = 'X';
        v->kind = FV_TEXT;
        v->s = text;
        return NULL;
    case T_ENUM:
        v->kind = FV_TEXT;
        v->s = enum_match(c->values, text);
        return v->s ? NULL : enum_reason(L, c->values);
    case T_REGION:
        if ((why = region_parse(text, &v->i)) != NULL) return why;
        if (c->levels && !(c->levels & LV(region_level_of(v->i)))) return c->levels_why;
        return NULL;
    case T_BOOL:
        why = parse_bool(text, &ival);
        v->i = ival;
        return why;
    case T_INT:
        if ((why = parse_int(text, &v->i)) != NULL) return why;
        if (v->i < c->min || v->i > c->max) {
            if (c->max == INT64_MAX)
                snprintf(L->why, sizeof L->why, "must be at least %" PRId64, c->min);
            else
                snprintf(L->why, sizeof L->why, "must be from %" PRId64 " to %" PRId64, c->min,
                         c->max);
            return L->why;
        }
        return NULL;
    case T_MONEY:
        return parse_money(text, &v->i);
    case T_DATE:
        why = parse_date(text, &jdn);
        v->i = jdn;
        return why;
    case T_DATETIME:
        return parse_datetime(text, &v->i);
    case T_MONTH:
        why = parse_month(text, &ival);
        v->i = ival;
        return why;
    case T_DECIMAL:
        return parse_decimal_e6(text, &v->i);
    }
    return "unknown column type";
}

/* Steps the lookup statement st: true if it found a row.  A failure (not
 * just "no row") is kept in the run, which then fails as a whole rather
 * than take it for a missing row. */
static bool lookup(run_state *run, store_stmt *st)
{
    rs_error e;
    bool row = false;
    if (store_step(st, &row, &e) != RS_OK && !run->lookup_failed) {
        run->lookup_failed = true;
        run->lookup_error = e;
    }
    return row;
}

/* Warn (once per command) if region code's county, or the code itself when
 * above county level, is not among the divisions. */
static void check_division(loader *L, int c, int64_t code)
{
    region_level lv = region_level_of(code);
    int64_t unit = lv >= LEVEL_COUNTY ? region_ancestor(code, LEVEL_COUNTY) : code;
    if (g_hash_table_contains(L->run->divisions, &unit)) return;
    store_stmt *st = NULL;
    bool known = false;
    rs_error ignored;
    if (store_prepare(L->run->db, "SELECT 1 FROM divisions WHERE code = :code", &st, &ignored) ==
        RS_OK) {
        store_bind_int64(st, ":code", unit);
        known = lookup(L->run, st);
    }
    store_finalize(st);
    int64_t *k = g_new(int64_t, 1);
    *k = unit;
    g_hash_table_add(L->run->divisions, k);
    if (!known)
        fprintf(stderr,
                "%s:%zu:%d: warning: column %s, value '%s': %s %012" PRId64
                " is not among the divisions (imported; warned once)\n",
                L->path, L->rec->line, L->cell_of[c] + 1, L->tab->cols[c].name,
                L->rec->cells[L->cell_of[c]], lv >= LEVEL_COUNTY ? "county" : "unit", unit);
}

/* divisions: level and parent_code are derived from the code when absent
 * and must agree with it when given. */
static const char *divisions_rule(loader *L, int *col)
{
    field_value *code = &L->vals[0], *level = &L->vals[2], *parent = &L->vals[3];
    region_level lv = region_level_of(code->i);
    if (level->kind == FV_NULL) {
        level->kind = FV_TEXT;
        level->s = region_level_name(lv);
    } else if (strcmp(level->s, region_level_name(lv)) != 0) {
        *col = 2;
        snprintf(L->why, sizeof L->why, "the code %012" PRId64 " is of level %s", code->i,
                 region_level_name(lv));
        return L->why;
    }
    if (parent->kind == FV_NULL) {
        parent->i = region_parent(code->i);
        parent->kind = parent->i ? FV_INT : FV_NULL;
    } else if (parent->i == code->i || !region_contains(parent->i, code->i)) {
        *col = 3;
        snprintf(L->why, sizeof L->why, "not a unit above the code %012" PRId64, code->i);
        return L->why;
    }
    return NULL;
}

/* applications: the aid cannot reach the applicant before the application
 * is received. */
static const char *applications_rule(loader *L, int *col)
{
    const field_value *received = &L->vals[10], *assisted = &L->vals[14];
    if (assisted->kind == FV_NULL || assisted->i >= received->i) return NULL;
    *col = 14;
    return "before received_at (受理时间): aid cannot reach the applicant before the "
           "application is received";
}

/* item_scope: dibao, tekun and temp have rules of their own and are never
 * looked up there. */
static const char *item_scope_rule(loader *L, int *col)
{
    const char *item = L->vals[1].s;
    if (strcmp(item, "dibao") != 0 && strcmp(item, "tekun") != 0 && strcmp(item, "temp") != 0)
        return NULL;
    *col = 1;
    return "item_scope is for special-assistance items: dibao, tekun and temp are never "
           "looked up in it";
}

/* ------------------------------------------------------------------ */
/* Statements                                                         */
/* ------------------------------------------------------------------ */

/* Store column name of slot j. */
static const char *store_name(const loader *L, int j)
{
    const import_column *c = &L->tab->cols[L->store_src[j]];
    if (j >= (int)L->tab->ncols) return c->span;
    return c->store ? c->store : c->name;
}

/* Prepare the loader's statements from the descriptor. */
static rs_status prepare_statements(loader *L, rs_error *e)
{
    store *db = L->run->db;
    const char *t = L->tab->name;
    rs_status s;
    GString *ins = g_string_new(NULL), *sel = g_string_new(NULL), *upd = g_string_new(NULL);
    GString *where = g_string_new(NULL);
    g_string_printf(ins, "INSERT INTO %s(", t);
    /* the row id (0 without one), the stored batch, then the store columns */
    g_string_printf(sel, "SELECT %s, batch_id", L->row_id ? L->row_id : "0");
    g_string_printf(upd, "UPDATE %s SET ", t);
    L->param = g_new0(char *, L->nstore + 1);
    for (int j = 0; j < L->nstore; j++) {
        const char *n = store_name(L, j);
        L->param[j] = g_strdup_printf(":v%d", j + 1);
        g_string_append_printf(ins, "%s, ", n);
        g_string_append_printf(sel, ", %s", n);
        g_string_append_printf(upd, "%s = %s, ", n, L->param[j]);
    }
    g_string_append(ins, "batch_id) VALUES (");
    for (int j = 0; j < L->nstore; j++)
        g_string_append_printf(ins, "%s, ", L->param[j]);
    g_string_append(ins, ":batch_id)");
    for (size_t c = 0, k = 0; c < L->tab->ncols; c++)
        if ((L->tab->cols[c].flags & C_KEY) == C_KEY)
            g_string_append_printf(where, "%s%s = %s", k++ ? " AND " : "", store_name(L, (int)c),
                                   L->param[c]);
    g_string_append_printf(sel, " FROM %s WHERE %s", t, where->str);
    /* a replaced row is found again by its row id, else by its key (whose
     * values the row keeps) */
    if (L->row_id)
        g_string_append_printf(upd, "batch_id = :batch_id WHERE %s = :rowid", L->row_id);
    else
        g_string_append_printf(upd, "batch_id = :batch_id WHERE %s", where->str);
    g_string_free(where, TRUE);
    if ((s = store_prepare(db, ins->str, &L->ins, e)) != RS_OK ||
        (s = store_prepare(db, sel->str, &L->sel, e)) != RS_OK ||
        (s = store_prepare(db, upd->str, &L->upd, e)) != RS_OK ||
        (s = store_prepare(db,
                           "INSERT INTO import_changes(batch_id, table_name, row_key, "
                           "old_values) VALUES (:batch_id, :table_name, :row_key, :old_values)",
                           &L->chg, e)) != RS_OK ||
        (s = store_prepare(db, "SELECT 1 FROM households WHERE household_id = :household_id",
                           &L->household, e)) != RS_OK ||
        (s = store_prepare(db,
                           "SELECT 1 FROM persons WHERE id_number = :id_number AND "
                           "household_id = :household_id",
                           &L->member, e)) != RS_OK)
        rs_error_prefix(e, "%s", L->path);
    g_string_free(ins, TRUE);
    g_string_free(sel, TRUE);
    g_string_free(upd, TRUE);
    return s;
}

static const char *key_text(loader *L);

/* The stored row sel points at as a JSON object of its store columns and
 * batch_id ({"payment_id":"P1","period":202409,...,"batch_id":3}, the form
 * SQLite's json_object writes) in out. */
static void old_values(const loader *L, GString *out)
{
    static const char ctl[] = "\b\t\n\f\r";
    g_string_assign(out, "{");
    for (int j = 0; j <= L->nstore; j++) {
        int col = j < L->nstore ? j + 2 : 1;
        store_type type = store_column_type(L->sel, col);
        g_string_append_printf(out, "%s\"%s\":", j ? "," : "",
                               j < L->nstore ? store_name(L, j) : "batch_id");
        if (type == STORE_NULL) {
            g_string_append(out, "null");
        } else if (type == STORE_INT) {
            g_string_append_printf(out, "%" PRId64, store_column_int64(L->sel, col));
        } else {
            g_string_append_c(out, '"');
            for (const char *p = store_column_text(L->sel, col); *p; p++) {
                unsigned char c = (unsigned char)*p;
                if (c == '"' || c == '\\')
                    g_string_append_printf(out, "\\%c", c);
                else if (c < 0x20 && strchr(ctl, c))
                    g_string_append_printf(out, "\\%c", "btnfr"[strchr(ctl, c) - ctl]);
                else if (c < 0x20)
                    g_string_append_printf(out, "\\u%04x", c);
                else
                    g_string_append_c(out, (char)c);
            }
            g_string_append_c(out, '"');
        }
    }
    g_string_append_c(out, '}');
}

/* The key of seen for the row with row id rowid: the id itself, or for a
 * store without row ids the key text of the current row (interned in
 * the string chunk of the loader). */
static gpointer seen_key(loader *L, int64_t rowid)
{
    if (L->row_id) return GSIZE_TO_POINTER((gsize)rowid);
    return (gpointer)g_string_chunk_insert_const(L->keys, key_text(L));
}

/* Bind the store values to st as :v1..:vN (only the key slots if
 * keys_only). */
static void bind_values(const loader *L, store_stmt *st, bool keys_only)
{
    for (int j = 0; j < L->nstore; j++) {
        const field_value *v = &L->vals[j];
        if (keys_only && (j >= (int)L->tab->ncols || (L->tab->cols[j].flags & C_KEY) != C_KEY))
            continue;
        if (v->kind == FV_INT)
            store_bind_int64(st, L->param[j], v->i);
        else if (v->kind == FV_TEXT)
            store_bind_text_ref(st, L->param[j], v->s);
        else
            store_bind_null(st, L->param[j]);
    }
}

/* True if the row sel points at holds exactly the store values (the store
 * columns start at result column 2). */
static bool same_values(const loader *L)
{
    for (int j = 0; j < L->nstore; j++) {
        const field_value *v = &L->vals[j];
        store_type type = store_column_type(L->sel, j + 2);
        if (v->kind == FV_NULL ? type != STORE_NULL
            : v->kind == FV_INT
                ? type != STORE_INT || store_column_int64(L->sel, j + 2) != v->i
                : type != STORE_TEXT || strcmp(store_column_text(L->sel, j + 2), v->s) != 0)
            return false;
    }
    return true;
}

/* The key of the current row as text ("P001", "652325000000|dibao_rural|202401")
 * in L->key; dates are shown as YYYY-MM-DD. */
static const char *key_text(loader *L)
{
    char buf[32];
    g_string_truncate(L->key, 0);
    for (size_t c = 0; c < L->tab->ncols; c++) {
        const field_value *v = &L->vals[c];
        if ((L->tab->cols[c].flags & C_KEY) != C_KEY) continue;
        if (L->key->len) g_string_append_c(L->key, '|');
        if (v->kind == FV_TEXT)
            g_string_append(L->key, v->s);
        else if (L->tab->cols[c].type == T_DATE)
            g_string_append(L->key, date_format((int32_t)v->i, buf, sizeof buf));
        else
            g_string_append_printf(L->key, "%" PRId64, v->i);
    }
    return L->key->str;
}

/* Index of the first key column of the table. */
static int first_key(const import_table *t)
{
    for (size_t c = 0; c < t->ncols; c++)
        if ((t->cols[c].flags & C_KEY) == C_KEY) return (int)c;
    return 0;
}

/* Report the current row as a duplicate of the row with rowid written
 * earlier by this file.  The error is placed on the first key column. */
static void duplicate_error(loader *L, int64_t rowid)
{
    int k = first_key(L->tab);
    gpointer first = g_hash_table_lookup(L->seen, seen_key(L, rowid));
    GString *names = g_string_new(NULL);
    for (size_t c = 0; c < L->tab->ncols; c++)
        if ((L->tab->cols[c].flags & C_KEY) == C_KEY)
            g_string_append_printf(names, "%s%s", names->len ? ", " : "", L->tab->cols[c].name);
    row_error(L, k, L->cell_of[k] + 1, key_text(L),
              "duplicate key (%s) in this file, also on line %zu", names->str,
              (size_t)GPOINTER_TO_SIZE(first));
    g_string_free(names, TRUE);
}

/* Run st (already bound) to its end; on failure an RS_ESQL error naming
 * the file and line. */
static rs_status step_done(loader *L, store_stmt *st, rs_error *e)
{
    rs_status s = store_run(st, e);
    if (s != RS_OK) rs_error_prefix(e, "%s:%zu", L->path, L->rec->line);
    return s;
}

/* ------------------------------------------------------------------ */
/* Locked months                                                      */
/* ------------------------------------------------------------------ */

/* The locked rows shown on stderr and named in the final message; the rest
 * go to the rejects file alone. */
#define LOCKED_SHOWN 10

/* Set L's lock columns: a submitted or approved county's month locks its
 * ledger rows (payments: region_code, period), its bank returns
 * (bank_returns: region_code, period) and the applications received in it
 * (applications: region_code, received_at). */
static void lock_columns(loader *L)
{
    const char *t = L->tab->name, *month = NULL;
    L->lock_code = L->lock_month = -1;
    if (strcmp(t, "payments") == 0 || strcmp(t, "bank_returns") == 0)
        month = "period";
    else if (strcmp(t, "applications") == 0)
        month = "received_at";
    for (size_t c = 0; month && c < L->tab->ncols; c++) {
        if (strcmp(L->tab->cols[c].name, "region_code") == 0) L->lock_code = (int)c;
        if (strcmp(L->tab->cols[c].name, month) == 0) L->lock_month = (int)c;
    }
    if (L->lock_month < 0) L->lock_code = -1;
}

/* The month (yyyymm) of a lock month value: a period as it is, a datetime
 * (seconds since 1970 local) by its date. */
static int lock_month_of(const loader *L, int64_t v)
{
    int y, m, d;
    if (L->tab->cols[L->lock_month].type == T_MONTH) return (int)v;
    int64_t days = v >= 0 ? v / 86400 : -((-v + 86399) / 86400);
    date_from_jdn((int32_t)(days + 2440588), &y, &m, &d);
    return y * 100 + m;
}

/* Report the current row as refused by the lock on county code's month. */
static void locked_error(loader *L, int64_t code, int month, const char *state)
{
    run_state *run = L->run;
    char unit[160], name[128], msg[512];
    snprintf(unit, sizeof unit, "%06lld", (long long)(code / 1000000));
    if (store_region_name(run->db, code / 1000000 * 1000000, name, sizeof name))
        snprintf(unit + strlen(unit), sizeof unit - strlen(unit), " %s", name);
    snprintf(msg, sizeof msg,
             "county %s, month %04d-%02d is %s: its %s are locked until the month is "
             "reopened (reliefstat reopen)",
             unit, month / 100, month % 100, state,
             strcmp(L->tab->name, "payments") == 0       ? "ledger rows (payments)"
             : strcmp(L->tab->name, "bank_returns") == 0 ? "bank returns (bank_returns)"
                                                         : "applications received in it");
    if (run->locked_rows++ == 0)
        snprintf(run->locked_first, sizeof run->locked_first, "county %s, month %04d-%02d is %s",
                 unit, month / 100, month % 100, state);
    if (run->locked_rows <= LOCKED_SHOWN) {
        g_string_append_printf(run->locked_where, "%s%s:%zu", run->locked_where->len ? ", " : "",
                               L->path, L->rec->line);
        row_error(L, -1, 0, NULL, "%s", msg);
        return;
    }
    write_reject(run, L->path, L->rec->line, 0, msg, L->rec);
    run->errors++;
    L->row_errors++;
}

/* The import's one hook into 逐级报送审核 (store/approval.h): true, with
 * the row reported, when writing it would change a locked county month:
 * the new values' month, or (found: a replace) the stored row's. */
static bool row_locked(loader *L, bool found)
{
    const char *state;
    int64_t code;
    int month;
    if (L->lock_code < 0 || !L->run->locks) return false;
    code = L->vals[L->lock_code].i;
    month = lock_month_of(L, L->vals[L->lock_month].i);
    state = approval_locked(L->run->locks, code, month);
    if (!state && found) {
        code = store_column_int64(L->sel, L->lock_code + 2);
        month = lock_month_of(L, store_column_int64(L->sel, L->lock_month + 2));
        state = approval_locked(L->run->locks, code, month);
    }
    if (state) locked_error(L, code, month, state);
    return state != NULL;
}

/* Add month to months unless it is there. */
static void add_month(GArray *months, int m)
{
    for (guint i = 0; i < months->len; i++)
        if (g_array_index(months, int, i) == m) return;
    g_array_append_val(months, m);
}

/* A monthly table's row was written: add its period to the file's months
 * (what queries/refresh/batch_months.sql would otherwise find by reading
 * the whole table for the batch's rows). */
static void note_month(loader *L)
{
    if (L->period_col >= 0 && L->vals[L->period_col].kind == FV_INT)
        add_month(L->counts.months, (int)L->vals[L->period_col].i);
}

/* store_row for a table loaded in bulk (L->copy): the table was empty, so
 * a key met before is one of this file's rows. */
static rs_status copy_row(loader *L, rs_error *e)
{
    char batch[24];
    if (g_hash_table_contains(L->seen, seen_key(L, 0))) {
        duplicate_error(L, 0);
        return RS_OK;
    }
    if (row_locked(L, false)) return RS_OK; /* a submitted or approved month */
    for (int j = 0; j < L->nstore; j++) {
        const field_value *v = &L->vals[j];
        if (v->kind == FV_INT) {
            snprintf(L->copy_num[j], sizeof L->copy_num[j], "%" PRId64, v->i);
            L->copy_vals[j] = L->copy_num[j];
        } else {
            L->copy_vals[j] = v->kind == FV_TEXT ? v->s : NULL;
        }
    }
    snprintf(batch, sizeof batch, "%" PRId64, L->batch_id);
    L->copy_vals[L->nstore] = batch;
    rs_status s = store_copy_row(L->run->db, L->copy_vals, e);
    if (s != RS_OK) {
        rs_error_prefix(e, "%s:%zu", L->path, L->rec->line);
        return s;
    }
    L->counts.inserted++;
    note_month(L);
    g_hash_table_insert(L->seen, seen_key(L, 0), GSIZE_TO_POINTER(L->rec->line));
    return RS_OK;
}

/* Write the validated row: insert, replace (recording the old values) or
 * leave it unchanged; a key this file already wrote is a duplicate. */
static rs_status store_row(loader *L, rs_error *e)
{
    rs_status s = RS_OK;
    int64_t rowid = 0;
    bool found = false;
    if (!L->fast && !L->copy) {
        bind_values(L, L->sel, true);
        if (lookup(L->run, L->sel)) {
            found = true;
            rowid = store_column_int64(L->sel, 0);
        }
    }
    if (L->period_col >= 0 && L->vals[L->period_col].kind == FV_INT &&
        L->vals[L->period_col].i != L->last_month) {
        if ((s = store_need_month(L->run->db, (int)L->vals[L->period_col].i, e)) != RS_OK)
            goto done;
        L->last_month = (int)L->vals[L->period_col].i;
    }
    if (L->copy) {
        s = copy_row(L, e);
        goto done;
    }
    if (found && g_hash_table_contains(L->seen, seen_key(L, rowid))) {
        duplicate_error(L, rowid);
    } else if (found && same_values(L)) {
        L->counts.unchanged++;
    } else if (row_locked(L, found)) {
        /* refused: the row would change a submitted or approved month */
    } else if (found) {
        store_bind_int64(L->chg, ":batch_id", L->batch_id);
        store_bind_text_ref(L->chg, ":table_name", L->tab->name);
        store_bind_text(L->chg, ":row_key", key_text(L));
        old_values(L, L->key);
        store_bind_text(L->chg, ":old_values", L->key->str);
        if ((s = step_done(L, L->chg, e)) != RS_OK) goto done;
        bind_values(L, L->upd, false);
        store_bind_int64(L->upd, ":batch_id", L->batch_id);
        if (L->row_id) store_bind_int64(L->upd, ":rowid", rowid);
        if ((s = step_done(L, L->upd, e)) != RS_OK) goto done;
        L->counts.replaced++;
        note_month(L);
    } else {
        bind_values(L, L->ins, false);
        store_bind_int64(L->ins, ":batch_id", L->batch_id);
        s = store_run(L->ins, e);
        if (s != RS_OK && L->fast && store_duplicate_key(L->ins)) {
            s = RS_OK;
            bind_values(L, L->sel, true);
            if (lookup(L->run, L->sel)) duplicate_error(L, store_column_int64(L->sel, 0));
            goto done;
        }
        if (s != RS_OK) {
            rs_error_prefix(e, "%s:%zu", L->path, L->rec->line);
            goto done;
        }
        if (L->row_id) rowid = store_last_insert_id(L->run->db);
        L->counts.inserted++;
        note_month(L);
    }
    if (L->row_errors == 0)
        g_hash_table_insert(L->seen, seen_key(L, rowid), GSIZE_TO_POINTER(L->rec->line));
done:
    store_reset(L->sel);
    return s;
}

/* The key a REF_MEMBER check looks for: id_number, US, household_id. */
static const char *member_key(GString *buf, const char *id_number, const char *household_id)
{
    g_string_printf(buf, "%s\x1f%s", id_number, household_id);
    return buf->str;
}

/* On a store whose every statement is a round trip to a server (the stores
 * that load in bulk, store_can_copy), a probe per row costs more than the
 * row itself (the county sample into PostgreSQL: 18,218 household probes
 * of 60-100 us each), so the first reference check of a file reads the
 * keys its columns refer to once, into sets: every household_id, and the
 * (id_number, household_id) of every person when a column needs them.
 * The sets see what the import wrote before this file, as a probe would;
 * a file never refers to its own table's rows.  SQLite keeps the probes
 * (a few microseconds each, and a month's ledger refers to a small part
 * of the roster). */
static void load_reference_sets(loader *L)
{
    static const char *const sql[2] = {
        "SELECT household_id FROM households",
        "SELECT id_number, household_id FROM persons",
    };
    GString *buf = g_string_new(NULL);
    L->ref_keys = g_string_chunk_new(1 << 16);
    for (int k = 0; k < 2; k++) {
        bool wanted = false;
        for (size_t c = 0; c < L->tab->ncols; c++)
            wanted |= L->tab->cols[c].ref == (k == 0 ? REF_HOUSEHOLD : REF_MEMBER);
        if (!wanted) continue;
        L->ref_sets[k] = g_hash_table_new(g_str_hash, g_str_equal);
        store_stmt *st = NULL;
        rs_error e;
        if (store_prepare(L->run->db, sql[k], &st, &e) != RS_OK) {
            if (!L->run->lookup_failed) {
                L->run->lookup_failed = true;
                L->run->lookup_error = e;
            }
            continue;
        }
        while (lookup(L->run, st)) {
            const char *key =
                k == 0 ? store_column_text(st, 0)
                       : member_key(buf, store_column_text(st, 0), store_column_text(st, 1));
            g_hash_table_add(L->ref_sets[k], g_string_chunk_insert(L->ref_keys, key));
        }
        store_finalize(st);
    }
    g_string_free(buf, TRUE);
}

/* Whether the row's value v of a column of kind ref (with the row's
 * household value household) exists: from the sets on a server's store,
 * else by one probe. */
static bool reference_exists(loader *L, col_ref ref, const char *v, const char *household)
{
    if (store_can_copy(L->run->db)) {
        if (!L->ref_keys) load_reference_sets(L);
        GHashTable *set = L->ref_sets[ref == REF_HOUSEHOLD ? 0 : 1];
        if (ref == REF_HOUSEHOLD) return set && g_hash_table_contains(set, v);
        GString *buf = g_string_new(NULL);
        bool found = set && g_hash_table_contains(set, member_key(buf, v, household));
        g_string_free(buf, TRUE);
        return found;
    }
    store_stmt *st = ref == REF_HOUSEHOLD ? L->household : L->member;
    if (ref == REF_MEMBER) {
        store_bind_text_ref(st, ":id_number", v);
        store_bind_text_ref(st, ":household_id", household);
    } else {
        store_bind_text_ref(st, ":household_id", v);
    }
    bool ok = lookup(L->run, st);
    store_reset(st);
    return ok;
}

/* Check the referential rules of the row's columns; reports errors.  A
 * REF_MEMBER column refers to the row's household_id column. */
static void check_references(loader *L)
{
    const field_value *household = NULL;
    for (size_t c = 0; c < L->tab->ncols; c++)
        if (strcmp(L->tab->cols[c].name, "household_id") == 0) household = &L->vals[c];
    for (size_t c = 0; c < L->tab->ncols; c++) {
        const import_column *col = &L->tab->cols[c];
        const field_value *v = &L->vals[c];
        if (col->ref == REF_NONE || v->kind == FV_NULL) continue;
        if (col->ref == REF_HOUSEHOLD && strcmp(v->s, L->known_household->str) == 0) continue;
        bool ok = reference_exists(L, col->ref, v->s, col->ref == REF_MEMBER ? household->s : NULL);
        if (ok && col->ref == REF_HOUSEHOLD) g_string_assign(L->known_household, v->s);
        if (ok) continue;
        if (col->ref == REF_HOUSEHOLD)
            row_error(L, (int)c, L->cell_of[c] + 1, v->s,
                      "no such household (neither in the database nor in this import)");
        else
            row_error(L, (int)c, L->cell_of[c] + 1, v->s, "not a member of household '%s'",
                      household->s);
    }
}

/* Validate every cell of a data record (as many as the header's) into
 * L->vals; reports errors. */
static void parse_row(loader *L)
{
    csvin_record *rec = L->rec;
    for (size_t c = 0; c < L->tab->ncols; c++) {
        const import_column *col = &L->tab->cols[c];
        field_value *v = &L->vals[c];
        int at = L->cell_of[c];
        char *text = at >= 0 ? rec->cells[at] : "";
        const char *why;
        v->kind = FV_NULL;
        if (at < 0 || *text == '\0') {
            if (col->flags & C_REQ) row_error(L, (int)c, at + 1, "", "missing required value");
            continue;
        }
        if ((why = parse_cell(L, col, text, v)) != NULL) {
            row_error(L, (int)c, at + 1, text, "%s", why);
            v->kind = FV_NULL;
        } else if (col->type == T_REGION && L->tab->check_divisions) {
            check_division(L, (int)c, v->i);
        }
    }
    for (int j = (int)L->tab->ncols; j < L->nstore; j++) {
        const field_value *src = &L->vals[L->store_src[j]];
        L->vals[j].kind = src->kind;
        L->vals[j].i = src->kind == FV_INT ? region_span(src->i) : 0;
    }
}

/* ------------------------------------------------------------------ */
/* Files                                                              */
/* ------------------------------------------------------------------ */

/* Match the header record to the descriptor: English names in any case or
 * Chinese aliases, in any order.  Unknown columns are warned about; a
 * missing required column or a repeated one fails. */
static rs_status read_header(loader *L, csvin_record *rec, rs_error *e)
{
    GString *missing = g_string_new(NULL);
    rs_status s = RS_OK;
    L->ncells_header = (int)rec->ncells;
    for (size_t i = 0; i < rec->ncells; i++) {
        const char *h = rec->cells[i];
        size_t c = 0;
        while (c < L->tab->ncols && strcasecmp(h, L->tab->cols[c].name) != 0 &&
               strcmp(h, L->tab->cols[c].alias) != 0)
            c++;
        if (c == L->tab->ncols) {
            fprintf(stderr, "%s:%zu:%zu: warning: unknown column '%s' ignored\n", L->path,
                    rec->line, i + 1, h);
        } else if (L->cell_of[c] >= 0) {
            s = rs_fail(e, RS_EDATA, "%s:%zu:%zu: column %s appears twice (also column %d)",
                        L->path, rec->line, i + 1, L->tab->cols[c].name, L->cell_of[c] + 1);
            goto done;
        } else {
            L->cell_of[c] = (int)i;
            L->heading[c] = g_strdup(h);
        }
    }
    for (size_t c = 0; c < L->tab->ncols; c++)
        if (L->cell_of[c] < 0 && (L->tab->cols[c].flags & C_REQ))
            g_string_append_printf(missing, "%s%s (%s)", missing->len ? ", " : "",
                                   L->tab->cols[c].name, L->tab->cols[c].alias);
    if (missing->len)
        s = rs_fail(e, RS_EDATA, "%s:%zu: missing required column %s", L->path, rec->line,
                    missing->str);
done:
    g_string_free(missing, TRUE);
    return s;
}

/* Files smaller than this load too fast to need a progress line. */
#define PROGRESS_MIN_BYTES (8u << 20)

/* Show how far the file has been read, on a terminal. */
static void show_progress(loader *L, const csvin_record *rec)
{
    size_t total = csvin_size(L->file);
    fprintf(stderr, "\r%s: %3d%%  %ld rows", L->path,
            total ? (int)(rec->offset * 100 / total) : 100, L->counts.read);
    fflush(stderr);
}

/* csvin callback: the header, then each data record. */
static rs_status on_record(void *ctx, csvin_record *rec, rs_error *e)
{
    loader *L = ctx;
    rs_status s = RS_OK;
    int bad = -1;
    const char *why;
    L->rec = rec;
    if (!L->have_header) {
        L->have_header = true;
        return read_header(L, rec, e);
    }
    L->counts.read++;
    L->row_errors = 0;
    /* A row of another width is never padded or cut: a missing cell may be
     * any of them, and the values after it would land in the wrong columns.
     * Its cells are not examined (they would only report the shift). */
    if (rec->ncells != (size_t)L->ncells_header) {
        bool is_short = rec->ncells < (size_t)L->ncells_header;
        row_error(L, -1, 0, NULL,
                  "%zu field%s where the header has %d: the row is %s and its values may have "
                  "shifted (it is never %s)",
                  rec->ncells, rec->ncells == 1 ? "" : "s", L->ncells_header,
                  is_short ? "short" : "long", is_short ? "padded with empty cells" : "cut");
    } else
        parse_row(L);
    if (L->row_errors == 0 && L->tab->rule && (why = L->tab->rule(L, &bad)) != NULL)
        row_error(L, bad, L->cell_of[bad] + 1,
                  L->cell_of[bad] >= 0 ? rec->cells[L->cell_of[bad]] : "", "%s", why);
    if (L->row_errors == 0) check_references(L);
    if (L->row_errors == 0) s = store_row(L, e);
    if (s == RS_OK && L->run->lookup_failed)
        s = rs_fail(e, RS_ESQL, "%s:%zu: %s", L->path, rec->line, L->run->lookup_error.msg);
    if (L->row_errors > 0) {
        L->counts.rejected++;
        L->run->rejected_rows++;
    }
    if (rec->offset >= L->next_progress) {
        show_progress(L, rec);
        L->progress_shown = true;
        L->next_progress = rec->offset + csvin_size(L->file) / 200 + 1;
    }
    return s;
}

/* Free what a loader holds (not the loader itself). */
static void loader_clear(loader *L)
{
    rs_error ignored;
    if (L->copy) store_copy_end(L->run->db, false, &ignored);
    g_free(L->copy_vals);
    g_free(L->copy_num);
    store_finalize(L->ins);
    store_finalize(L->sel);
    store_finalize(L->upd);
    store_finalize(L->chg);
    store_finalize(L->household);
    store_finalize(L->member);
    if (L->param) g_strfreev(L->param);
    for (size_t c = 0; L->heading && c < L->tab->ncols; c++)
        g_free(L->heading[c]);
    g_free(L->heading);
    g_free(L->cell_of);
    g_free(L->store_src);
    g_free(L->vals);
    if (L->seen) g_hash_table_destroy(L->seen);
    if (L->key) g_string_free(L->key, TRUE);
    if (L->keys) g_string_chunk_free(L->keys);
    if (L->known_household) g_string_free(L->known_household, TRUE);
    for (int k = 0; k < 2; k++)
        if (L->ref_sets[k]) g_hash_table_destroy(L->ref_sets[k]);
    if (L->ref_keys) g_string_chunk_free(L->ref_keys);
    if (L->indexes) g_ptr_array_free(L->indexes, TRUE);
    csvin_free(L->file);
}

/* Fast path: drop the table's secondary indexes, keeping their CREATE
 * statements in L->indexes for restore_indexes (building an index once,
 * sorted, is far cheaper than updating it row by row). */
static rs_status drop_indexes(loader *L, rs_error *e)
{
    store_stmt *st = NULL;
    rs_status s;
    if ((s = store_prepare(L->run->db,
                           "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                           "tbl_name = :table AND sql IS NOT NULL",
                           &st, e)) != RS_OK)
        return s;
    store_bind_text_ref(st, ":table", L->tab->name);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    bool row;
    while ((s = store_step(st, &row, e)) == RS_OK && row) {
        g_ptr_array_add(names, g_strdup(store_column_text(st, 0)));
        g_ptr_array_add(L->indexes, g_strdup(store_column_text(st, 1)));
    }
    store_finalize(st);
    for (guint i = 0; i < names->len && s == RS_OK; i++) {
        char *sql = g_strdup_printf("DROP INDEX \"%s\"", (char *)names->pdata[i]);
        s = store_exec(L->run->db, sql, e);
        g_free(sql);
    }
    g_ptr_array_free(names, TRUE);
    return s;
}

/* Rebuild the indexes drop_indexes dropped. */
static rs_status restore_indexes(loader *L, rs_error *e)
{
    rs_status s = RS_OK;
    for (guint i = 0; i < L->indexes->len && s == RS_OK; i++)
        s = store_exec(L->run->db, L->indexes->pdata[i], e);
    g_ptr_array_set_size(L->indexes, 0);
    return s;
}

/* Start the bulk load of L's table: its store columns and batch_id. */
static rs_status copy_begin(loader *L, rs_error *e)
{
    const char **cols = g_new0(const char *, L->nstore + 1);
    for (int j = 0; j < L->nstore; j++)
        cols[j] = store_name(L, j);
    cols[L->nstore] = "batch_id";
    L->copy_vals = g_new0(const char *, L->nstore + 1);
    L->copy_num = g_malloc0(sizeof *L->copy_num * (size_t)(L->nstore ? L->nstore : 1));
    rs_status s = store_copy_begin(L->run->db, L->tab->name, cols, L->nstore + 1, e);
    g_free(cols);
    if (s != RS_OK) {
        L->copy = false;
        rs_error_prefix(e, "%s", L->path);
    }
    return s;
}

/* Set up L for table tab: store slots, statements, fast path. */
static rs_status loader_init(loader *L, run_state *run, const import_table *tab, rs_error *e)
{
    char sql[128];
    store_stmt *st = NULL;
    rs_status s;
    rs_error ignored;
    bool row = true;
    L->run = run;
    L->tab = tab;
    L->cell_of = g_new(int, tab->ncols);
    L->heading = g_new0(char *, tab->ncols);
    L->store_src = g_new(int, tab->ncols * 2);
    L->vals = g_new0(field_value, tab->ncols * 2);
    L->row_id = store_row_id(run->db);
    L->seen = L->row_id ? g_hash_table_new(g_direct_hash, g_direct_equal)
                        : g_hash_table_new(g_str_hash, g_str_equal);
    L->keys = g_string_chunk_new(4096);
    L->key = g_string_new(NULL);
    L->known_household = g_string_new(NULL);
    L->indexes = g_ptr_array_new_with_free_func(g_free);
    L->period_col = -1;
    L->counts.months = g_array_new(FALSE, FALSE, sizeof(int));
    for (size_t c = 0; c < tab->ncols; c++) {
        L->cell_of[c] = -1;
        L->store_src[c] = (int)c;
        if (tab->monthly && strcmp(tab->cols[c].name, "period") == 0) L->period_col = (int)c;
    }
    L->nstore = (int)tab->ncols;
    for (size_t c = 0; c < tab->ncols; c++)
        if (tab->cols[c].span) L->store_src[L->nstore++] = (int)c;
    lock_columns(L);
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s LIMIT 1", tab->name);
    if ((s = store_prepare(run->db, sql, &st, e)) != RS_OK) return s;
    bool empty = store_step(st, &row, &ignored) == RS_OK && !row;
    store_finalize(st);
    L->fast = empty && store_insert_unchecked(run->db);
    L->copy = empty && !L->fast && store_can_copy(run->db);
    if (L->fast && (s = drop_indexes(L, e)) != RS_OK) return s;
    if (L->copy && (s = copy_begin(L, e)) != RS_OK) return s;
    return prepare_statements(L, e);
}

/* Local time now as "YYYY-MM-DD HH:MM:SS" into buf. */
static void now_text(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm);
}

/* Create the batch row of L's file; sets L->batch_id. */
static rs_status open_batch(loader *L, rs_error *e)
{
    char now[32];
    store_stmt *st = NULL;
    rs_status s;
    now_text(now, sizeof now);
    if ((s = store_prepare(L->run->db,
                           "INSERT INTO import_batches(table_name, file_name, sha256, encoding, "
                           "started_at, rows_read, rows_inserted, rows_replaced, rows_unchanged, "
                           "rows_rejected) VALUES (:table_name, :file_name, :sha256, :encoding, "
                           ":started_at, 0, 0, 0, 0, 0) RETURNING batch_id",
                           &st, e)) != RS_OK)
        return s;
    store_bind_text_ref(st, ":table_name", L->tab->name);
    store_bind_text_ref(st, ":file_name", L->path);
    store_bind_text_ref(st, ":sha256", csvin_sha256(L->file));
    store_bind_text_ref(st, ":encoding", csvin_encoding(L->file));
    store_bind_text_ref(st, ":started_at", now);
    bool row = false;
    if ((s = store_step(st, &row, e)) == RS_OK && row) L->batch_id = store_column_int64(st, 0);
    if (s == RS_OK) s = store_run(st, e);
    if (s != RS_OK) rs_error_prefix(e, "%s", L->path);
    store_finalize(st);
    return s;
}

/* Record L's counts in its batch row. */
static rs_status close_batch(loader *L, rs_error *e)
{
    store_stmt *st = NULL;
    rs_status s;
    if ((s = store_prepare(
             L->run->db,
             "UPDATE import_batches SET rows_read = :read, rows_inserted = :inserted, "
             "rows_replaced = :replaced, rows_unchanged = :unchanged, "
             "rows_rejected = :rejected WHERE batch_id = :batch_id",
             &st, e)) != RS_OK)
        return s;
    store_bind_int64(st, ":read", L->counts.read);
    store_bind_int64(st, ":inserted", L->counts.inserted);
    store_bind_int64(st, ":replaced", L->counts.replaced);
    store_bind_int64(st, ":unchanged", L->counts.unchanged);
    store_bind_int64(st, ":rejected", L->counts.rejected);
    store_bind_int64(st, ":batch_id", L->batch_id);
    if ((s = store_run(st, e)) != RS_OK) rs_error_prefix(e, "%s", L->path);
    store_finalize(st);
    return s;
}

/* Import one file into its table inside the open transaction; its counts
 * go to *counts.  Row errors are reported and counted, not returned. */
static rs_status load_file(run_state *run, const import_source *src, file_counts *counts,
                           rs_error *e)
{
    loader L = {.path = src->path};
    rs_status s;
    if ((s = loader_init(&L, run, table_named(src->table), e)) != RS_OK) goto done;
    if ((s = csvin_open(src->path, &L.file, e)) != RS_OK) goto done;
    if ((s = open_batch(&L, e)) != RS_OK) goto done;
    if (!run->progress || csvin_size(L.file) < PROGRESS_MIN_BYTES) L.next_progress = SIZE_MAX;
    s = csvin_each(L.file, on_record, &L, e);
    if (L.progress_shown) fprintf(stderr, "\r\033[K");
    if (s == RS_OK && L.copy) {
        L.copy = false;
        if ((s = store_copy_end(run->db, true, e)) != RS_OK) rs_error_prefix(e, "%s", src->path);
    }
    if (s == RS_OK) s = restore_indexes(&L, e);
    if (s == RS_OK) s = close_batch(&L, e);
    if (s == RS_OK && L.counts.inserted + L.counts.replaced > 0)
        s = store_loaded(run->db, L.tab->name, e);
    *counts = L.counts;
    counts->batch_id = L.batch_id;
done:
    if (!counts->months && L.counts.months) g_array_free(L.counts.months, TRUE);
    loader_clear(&L);
    return s;
}

/* ------------------------------------------------------------------ */
/* Commands                                                           */
/* ------------------------------------------------------------------ */

/* Position of a table in the import order. */
static int table_rank(const char *name)
{
    return (int)(table_named(name) - tables);
}

/* qsort comparator: sources in table order, then command-line order. */
static int by_rank(const void *a, const void *b)
{
    const import_source *const *x = a, *const *y = b;
    int d = table_rank((*x)->table) - table_rank((*y)->table);
    return d ? d : (*x < *y ? -1 : *x > *y);
}

/* Add to months the ledger months batch, a file of the monthly table
 * table, touched: the periods of the rows it wrote (written, as the
 * loader noted them) and the former periods of the rows it replaced
 * (queries/refresh/batch_months.sql). */
static rs_status add_batch_months(store *db, int64_t batch, const char *table,
                                  const GArray *written, GArray *months, rs_error *e)
{
    char *rel = store_sql_path(db, "queries/refresh/batch_months.sql");
    char *path = home_path(rel), *sql = NULL;
    free(rel);
    store_stmt *st = NULL;
    rs_status s = file_read(path, &sql, NULL, e);
    bool row;
    if (s == RS_OK) s = store_prepare(db, sql, &st, e);
    if (s == RS_OK) {
        store_bind_int64(st, ":batch", batch);
        store_bind_text_ref(st, ":table", table);
        for (guint i = 0; written && i < written->len; i++)
            add_month(months, g_array_index(written, int, i));
        while ((s = store_step(st, &row, e)) == RS_OK && row)
            add_month(months, (int)store_column_int64(st, 0));
        if (s != RS_OK) rs_error_prefix(e, "%s", path);
    }
    store_finalize(st);
    free(sql);
    free(path);
    return s;
}

/* Rebuild the summaries that read a table whose rows the batch inserted or
 * replaced, for the ledger months its files of monthly tables (payments,
 * bank_returns) touched when those are the only reason (all of them for
 * opt->refresh_all). */
static rs_status refresh_summaries(store *db, const import_source **order,
                                   const file_counts *counts, size_t n, const import_options *opt,
                                   rs_error *e)
{
    const char **changed = g_new0(const char *, n + 1);
    GArray *months = g_array_new(FALSE, FALSE, sizeof(int));
    size_t k = 0;
    rs_status s = RS_OK;
    for (size_t i = 0; i < n && s == RS_OK; i++) {
        if (counts[i].inserted + counts[i].replaced == 0) continue;
        changed[k++] = order[i]->table;
        if (import_is_monthly(order[i]->table))
            s = add_batch_months(db, counts[i].batch_id, order[i]->table, counts[i].months, months,
                                 e);
    }
    import_changes c = {.tables = changed,
                        .ledger_months = (const int *)(void *)months->data,
                        .nledger_months = months->len};
    if (s == RS_OK) s = opt->refresh(db, opt->refresh_all ? NULL : &c, e);
    g_array_free(months, TRUE);
    g_free(changed);
    return s;
}

rs_status import_run(store *db, const import_source *src, size_t n, const import_options *opt,
                     rs_error *e)
{
    rs_status s;
    const import_source **order = g_new(const import_source *, n ? n : 1);
    file_counts *counts = g_new0(file_counts, n ? n : 1);
    run_state run = {.db = db,
                     .opt = opt,
                     .divisions = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL),
                     .progress = isatty(STDERR_FILENO),
                     .locked_where = g_string_new(NULL)};
    size_t done = 0;
    for (size_t i = 0; i < n; i++)
        order[i] = &src[i];
    qsort(order, n, sizeof *order, by_rank);
    /* store_begin: a COMMIT run by a statement of the refresh is refused */
    if ((s = store_begin(db, e)) != RS_OK) goto out;
    /* Read inside the write transaction: no transition can come between
     * this check and the commit (store/approval.h). */
    if ((s = approval_locks_load(db, &run.locks, e)) != RS_OK) {
        store_rollback(db);
        goto out;
    }
    for (; done < n && s == RS_OK; done++)
        s = load_file(&run, order[done], &counts[done], e);
    if (s == RS_EDATA) write_reject(&run, order[done - 1]->path, 0, 0, e->msg, NULL);
    if (s != RS_OK) {
        size_t len = strlen(e->msg);
        snprintf(e->msg + len, sizeof e->msg - len, "; nothing imported");
    }
    if (s != RS_OK || (run.errors && !opt->partial)) {
        store_rollback(db);
        if (s == RS_OK && run.locked_rows)
            s = rs_fail(e, RS_EDATA,
                        "%s: %ld row%s of the import would change locked data (%s%s); %ld "
                        "error%s in %ld row%s; nothing imported",
                        run.locked_first, run.locked_rows, run.locked_rows == 1 ? "" : "s",
                        run.locked_where->str, run.locked_rows > LOCKED_SHOWN ? ", ..." : "",
                        run.errors, run.errors == 1 ? "" : "s", run.rejected_rows,
                        run.rejected_rows == 1 ? "" : "s");
        else if (s == RS_OK)
            s = rs_fail(e, RS_EDATA, "%ld error%s in %ld row%s; nothing imported", run.errors,
                        run.errors == 1 ? "" : "s", run.rejected_rows,
                        run.rejected_rows == 1 ? "" : "s");
        goto out;
    }
    if (!store_in_transaction(db)) {
        store_rollback(db);
        s = rs_fail(e, RS_ESQL,
                    "the transaction was lost after a database failure; nothing imported");
        goto out;
    }
    /* The summary tables are rebuilt inside the import's transaction, so a
     * crash leaves either the old rows with the old summaries or both new. */
    if (opt->refresh && (s = refresh_summaries(db, order, counts, n, opt, e)) != RS_OK) {
        store_rollback(db);
        goto out;
    }
    if ((s = store_commit(db, e)) != RS_OK) goto out;
    for (size_t i = 0; i < n && opt->summary; i++)
        printf("%-15s %s: %ld rows, %ld inserted, %ld replaced, %ld unchanged, %ld rejected\n",
               order[i]->table, order[i]->path, counts[i].read, counts[i].inserted,
               counts[i].replaced, counts[i].unchanged, counts[i].rejected);
    if (run.rejected_rows)
        fprintf(stderr, "%ld row%s rejected, the valid rows imported\n", run.rejected_rows,
                run.rejected_rows == 1 ? "" : "s");
out:
    if (run.rejects) {
        fclose(run.rejects);
        fprintf(stderr, "rejected rows written to %s\n", opt->rejects);
    }
    g_hash_table_destroy(run.divisions);
    approval_locks_free(run.locks);
    g_string_free(run.locked_where, TRUE);
    for (size_t i = 0; i < n; i++)
        if (counts[i].months) g_array_free(counts[i].months, TRUE);
    g_free(order);
    g_free(counts);
    return s;
}
