/*
 * sample: the generator's driver.  It picks the counties of the scale, gives
 * each its townships and villages (the real townships of seeds/divisions.csv
 * where the seed has them, synthesized ones elsewhere), its standards and
 * parameters, then has sample_base.c write the clean population and
 * sample_plant.c the planted cases, streaming every row straight to its CSV
 * file.  Only the planted expectations are kept in memory; they are sorted
 * and written last with the summary.
 */
#include "sample/sample.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/file.h"
#include "base/home.h"
#include "base/parse.h"
#include "base/region.h"
#include "sample/sample_gen.h"

#define QITAI     652325000000LL /* 奇台县: the county scale and first plant county */
#define JIMUSAER  652327000000LL /* 吉木萨尔县: 奇台's neighbour for cross-region rows */
#define CHANGJI   652301000000LL /* 昌吉市: the second plant county */
#define FUKANG    652302000000LL /* 阜康市: 昌吉's neighbour */
#define PREF_CODE 652300000000LL
#define XINJIANG  650000000000LL

static const char *const table_file[T_COUNT] = {
    "divisions.csv",  "standards.csv", "params.csv",     "households.csv",      "persons.csv",
    "enrolments.csv", "payments.csv",  "budgets.csv",    "applications.csv",    "reviews.csv",
    "referrals.csv",  "warnings.csv",  "crosscheck.csv", "staff_relatives.csv", "item_scope.csv",
};

static const char *const table_header[T_COUNT] = {
    "code,name,level,parent_code",
    "region_code,item,effective_from,monthly_yuan",
    "region_code,name,value,effective_from",
    "household_id,region_code,urban_rural,head_id,members,income_pc_monthly,annual_income,"
    "rigid_expense_12m,employment_cost,assets_ok,registered_on",
    "id_number,name,household_id,relation,disability_grade,severe_illness,can_work,death_date,"
    "disability_type",
    "enrolment_id,household_id,id_number,category,care_mode,start_date,end_date,end_reason,"
    "gradual_exit_until,monthly_yuan",
    "payment_id,household_id,id_number,region_code,item,period,amount_due,amount_paid,paid_on,"
    "fund_source,bank_ref",
    "region_code,year,item,fund_source,allocated,required,allocated_on",
    "application_id,household_id,id_number,region_code,kind,urgent,advance,severity,persons,"
    "months,received_at,decided_at,decision,amount,assisted_at",
    "household_id,reviewed_on,kind,outcome",
    "referral_id,household_id,to_dept,need,pushed_on,feedback_on,outcome",
    "warning_id,household_id,signal,raised_on,handled_on,disposition",
    "id_number,source,matched_on,event_date,detail",
    "id_number,staff_name,relation,declared",
    "region_code,item,category,effective_from",
};

/* ================================================================ random */

/* splitmix64 step: expands one seed into well-mixed words. */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void sg_rng_seed(sg_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t sg_next(sg_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

int64_t sg_range(sg_rng *r, int64_t lo, int64_t hi)
{
    assert(hi >= lo);
    uint64_t span = (uint64_t)(hi - lo) + 1;
    return lo + (int64_t)(sg_next(r) % span);
}

bool sg_chance(sg_rng *r, int per_mille)
{
    return (int)(sg_next(r) % 1000) < per_mille;
}

const char *sg_pick(sg_rng *r, const char *const *list, int n)
{
    return list[sg_next(r) % (uint64_t)n];
}

/* ================================================================ rows */

void sg_begin(sg_ctx *c, sg_table t)
{
    assert(c->cur < 0);
    c->cur = (int)t;
    c->len = 0;
    c->nfields = 0;
}

/* Append one field (its separator first) to the row being built. */
static void put_field(sg_ctx *c, const char *s, size_t n)
{
    assert(c->cur >= 0 && c->len + n + 2 < sizeof c->line);
    if (c->nfields++ > 0) c->line[c->len++] = ',';
    memcpy(c->line + c->len, s, n);
    c->len += n;
}

void sg_str(sg_ctx *c, const char *s)
{
    s = s ? s : "";
    assert(strpbrk(s, ",\"\r\n") == NULL);
    put_field(c, s, strlen(s));
}

void sg_int(sg_ctx *c, int64_t v)
{
    char b[24];
    put_field(c, b, (size_t)snprintf(b, sizeof b, "%lld", (long long)v));
}

void sg_money(sg_ctx *c, int64_t fen)
{
    char b[32];
    assert(fen >= 0);
    put_field(c, b,
              (size_t)snprintf(b, sizeof b, "%lld.%02lld", (long long)(fen / 100),
                               (long long)(fen % 100)));
}

void sg_date(sg_ctx *c, int32_t jdn)
{
    char b[16];
    if (!jdn) {
        put_field(c, "", 0);
        return;
    }
    date_format(jdn, b, sizeof b);
    put_field(c, b, strlen(b));
}

void sg_month(sg_ctx *c, int yyyymm)
{
    char b[16];
    month_format(yyyymm, b, sizeof b);
    put_field(c, b, strlen(b));
}

void sg_datetime(sg_ctx *c, int32_t jdn, int minute)
{
    char b[32], d[16];
    date_format(jdn + minute / 1440, d, sizeof d);
    minute %= 1440;
    put_field(c, b, (size_t)snprintf(b, sizeof b, "%s %02d:%02d", d, minute / 60, minute % 60));
}

void sg_bool(sg_ctx *c, int v)
{
    put_field(c, v < 0 ? "" : v ? "y" : "n", v < 0 ? 0 : 1);
}

void sg_end(sg_ctx *c)
{
    assert(c->cur >= 0);
    c->line[c->len++] = '\n';
    fwrite(c->line, 1, c->len, c->out[c->cur]);
    c->rows[c->cur]++;
    c->cur = -1;
}

/* ================================================================ expectations */

/* Append one expectation to list (of *n entries); why may be NULL. */
static void add_expect(sg_expect *list, int *n, const char *code, sg_key_kind k, const char *key,
                       int64_t region, const char *why)
{
    assert(*n < SG_MAX_EXPECT);
    sg_expect *x = &list[(*n)++];
    memset(x, 0, sizeof *x);
    snprintf(x->code, sizeof x->code, "%s", code);
    x->kind = k;
    snprintf(x->key, sizeof x->key, "%s", key);
    x->region = region;
    snprintf(x->why, sizeof x->why, "%s", why ? why : "");
}

void sg_expect_truth(sg_ctx *c, const char *code, sg_key_kind k, const char *key, int64_t region)
{
    add_expect(c->truth, &c->ntruth, code, k, key, region, NULL);
}

void sg_expect_near(sg_ctx *c, const char *code, sg_key_kind k, const char *key, int64_t region,
                    const char *why)
{
    add_expect(c->near, &c->nnear, code, k, key, region, why);
}

/* strcmp over an array of strings, for qsort. */
static int cmp_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Write the expectations of list that belong to the unit as sorted, distinct
 * CSV lines under header to dir/name. */
static rs_status write_expectations(const sg_ctx *c, const char *dir, const char *name,
                                    const char *header, const sg_expect *list, int n, bool with_why,
                                    long *rows, rs_error *e)
{
    rs_status s = RS_OK;
    char **lines = rs_calloc((size_t)n + 1, sizeof *lines);
    char path[4096];
    FILE *f = NULL;
    int m = 0;
    for (int i = 0; i < n; i++) {
        const sg_expect *x = &list[i];
        if (!region_contains(c->unit, x->region)) continue;
        /* The reason is quoted when it holds a comma (it never holds a quote). */
        bool quote = with_why && strchr(x->why, ',') != NULL;
        assert(strchr(x->why, '"') == NULL);
        lines[m++] = rs_sprintf(
            "%s,%s,%s,%s%s%s%s", x->code, x->kind == KEY_PAYMENT ? x->key : "",
            x->kind == KEY_HOUSEHOLD ? x->key : "", x->kind == KEY_APPLICATION ? x->key : "",
            with_why ? (quote ? ",\"" : ",") : "", with_why ? x->why : "", quote ? "\"" : "");
    }
    qsort(lines, (size_t)m, sizeof *lines, cmp_lines);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f) {
        s = rs_fail(e, RS_EIO, "%s: %s", path, strerror(errno));
        goto done;
    }
    fprintf(f, "%s\n", header);
    *rows = 0;
    for (int i = 0; i < m; i++) {
        if (i > 0 && strcmp(lines[i], lines[i - 1]) == 0) continue;
        fprintf(f, "%s\n", lines[i]);
        (*rows)++;
    }
    if (fclose(f) != 0) s = rs_fail(e, RS_EIO, "%s: %s", path, strerror(errno));
done:
    for (int i = 0; i < m; i++)
        free(lines[i]);
    free(lines);
    return s;
}

/* ================================================================ divisions */

/* Township name stems for counties whose townships the seed does not ship. */
static const char *const town_stems[] = {
    "城关",     "红旗", "团结",   "胜利",   "新华",   "阿克", "喀拉",   "托克",   "塔什",
    "英阿瓦提", "巴格", "玉其",   "阿热勒", "吐格曼", "拜什", "库木",   "阔克",   "恰合",
    "乌拉",     "萨尔", "铁热克", "多来提", "依干",   "兰干", "加依",   "苏盖提", "阿瓦提",
    "奥依",     "博孜", "吐曼",   "三道河", "二道湖", "五工", "八家户", "十里",   "沙河",
    "榆树",     "红山", "北庄",   "东湖",   "西沟",   "克孜", "科克",   "阿尔",   "乔勒",
};

/* Village names: residents' committees (社区) and villagers' committees (村). */
static const char *const community_names[] = {
    "团结社区", "幸福社区", "和谐社区",   "东关社区", "西街社区", "文化路社区",
    "新城社区", "育才社区", "人民路社区", "南关社区", "北苑社区", "朝阳社区",
    "金秋社区", "康乐社区", "振兴社区",   "天山社区", "古城社区", "民主路社区",
};
static const char *const village_names[] = {
    "团结村", "幸福村",   "红旗村", "胜利村",   "友谊村", "新华村",   "东风村",
    "前进村", "光明村",   "和平村", "永丰村",   "丰收村", "建设村",   "新民村",
    "富民村", "兴旺村",   "联合村", "新源村",   "双河村", "三屯村",   "五道沟村",
    "二工村", "头屯村",   "大泉村", "小泉村",   "柳树村", "榆树沟村", "阿克苏村",
    "托万村", "喀拉苏村", "库木村", "英买里村", "巴格村", "塔勒德村",
};

#define NPOOL(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A random choice of k distinct indexes below n into out (Fisher-Yates). */
static void pick_distinct(sg_rng *r, int n, int k, int *out)
{
    int idx[64];
    assert(n <= 64 && k <= n);
    for (int i = 0; i < n; i++)
        idx[i] = i;
    for (int i = 0; i < k; i++) {
        int j = i + (int)sg_range(r, 0, n - 1 - i);
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        out[i] = idx[i];
    }
}

/* One divisions.csv row. */
static void emit_division(sg_ctx *c, int64_t code, const char *name, const char *level,
                          int64_t parent)
{
    sg_begin(c, T_DIVISIONS);
    sg_int(c, code);
    sg_str(c, name);
    sg_str(c, level);
    sg_int(c, parent);
    sg_end(c);
}

/* Add the villages of township town (code and name) to k, writing their
 * divisions rows: streets (0xx) get residents' committees only, towns (1xx)
 * a few committees and several villages, townships (2xx) mostly villages. */
static rs_status add_villages(sg_ctx *c, sg_county *k, int64_t town, rs_error *e)
{
    int kind = (int)((town / 1000) % 1000) / 100;
    int ncom = kind == 0   ? (int)sg_range(&c->rng, 2, 5)
               : kind == 1 ? (int)sg_range(&c->rng, 1, 3)
                           : (int)sg_range(&c->rng, 0, 1);
    int nvil = kind == 0 ? 0 : (int)sg_range(&c->rng, 3, 7);
    int ci[64], vi[64];
    k->villages =
        rs_realloc(k->villages, (size_t)(k->nvillages + ncom + nvil) * sizeof *k->villages);
    pick_distinct(&c->rng, NPOOL(community_names), ncom, ci);
    pick_distinct(&c->rng, NPOOL(village_names), nvil, vi);
    for (int i = 0; i < ncom + nvil; i++) {
        bool urban = i < ncom;
        int64_t code = town + (urban ? 1 + i : 201 + (i - ncom));
        emit_division(c, code, urban ? community_names[ci[i]] : village_names[vi[i - ncom]],
                      "village", town);
        k->villages[k->nvillages++] = (sg_village){code, urban};
    }
    return RS_OK;
}

/* The townships of county k: those of the seed with a civil-affairs code
 * (below 400: streets, towns, townships; the 兵团 farms and parks are left
 * out), else synthesized ones.  The seed ships every township of Xinjiang;
 * for a county with none below 400 (新星市, 白杨市) we invent towns 100..
 * and townships 200.. with plausible names, and write them to
 * divisions.csv so the engine knows them. */
static rs_status add_townships(sg_ctx *c, sg_county *k, const char *divs, rs_error *e)
{
    bool found = false;
    char prefix[16];
    snprintf(prefix, sizeof prefix, "\n%06lld", (long long)(k->code / 1000000));
    for (const char *p = strstr(divs, prefix); p; p = strstr(p + 1, prefix)) {
        long long code = strtoll(p + 1, NULL, 10);
        int town = (int)((code / 1000) % 1000);
        if (town == 0 || town >= 400 || code % 1000 != 0) continue;
        found = true;
        if (add_villages(c, k, code, e) != RS_OK) return e->status;
    }
    if (found) return RS_OK;
    int ntown = (int)sg_range(&c->rng, 2, 5), nxiang = (int)sg_range(&c->rng, 3, 7);
    int si[64];
    pick_distinct(&c->rng, NPOOL(town_stems), ntown + nxiang, si);
    for (int i = 0; i < ntown + nxiang; i++) {
        bool town = i < ntown;
        int64_t code = k->code + (town ? 100 + i : 200 + (i - ntown)) * 1000LL;
        char name[64];
        snprintf(name, sizeof name, "%s%s", town_stems[si[i]], town ? "镇" : "乡");
        emit_division(c, code, name, "township", k->code);
        if (add_villages(c, k, code, e) != RS_OK) return e->status;
    }
    return RS_OK;
}

/* The name mix of a county, by its prefecture: the south is mostly Uyghur,
 * the north-west has many Kazakh, 昌吉 and the cities are mostly Han. */
static sg_ethnic county_mix(int64_t code)
{
    int pref = (int)(code / 100000000);
    switch (pref) {
    case 6529:
    case 6530:
    case 6531:
    case 6532:
        return (sg_ethnic){80, 880};
    case 6540:
    case 6542:
    case 6543:
        return (sg_ethnic){400, 200};
    case 6504:
    case 6505:
    case 6527:
    case 6528:
        return (sg_ethnic){450, 450};
    case 6523:
        return code == 652328000000LL ? (sg_ethnic){550, 50} : (sg_ethnic){700, 100};
    default:
        return (sg_ethnic){700, 250};
    }
}

/* Round fen up to whole tens of yuan. */
static int64_t ceil_ten_yuan(int64_t fen)
{
    return (fen + 999) / 1000 * 1000;
}

/* The policy numbers of county k: standards (with a mid-year rise in 奇台县
 * and in some other counties), the payment deadline (the 15th in 奇台县),
 * last year's disposable income. 奇台县 sets no urban tekun standard, so its
 * urban tekun floor is tekun_min_multiple x the urban dibao standard.  The
 * two plant counties set a minimum gradual exit (a parameter without a
 * default: 6 months in 奇台县, 12 in 昌吉市), and 奇台县 admits 防止返贫监测对象
 * to heating aid from 2024-01 (its own item_scope rows, which replace the
 * region's for that item). */
static void county_policy(sg_ctx *c, sg_county *k)
{
    sg_rng *r = &c->rng;
    bool qitai = k->code == QITAI;
    k->std_old[STD_DIBAO_URBAN] = (700 + 10 * sg_range(r, 0, 8)) * 100;
    k->std_old[STD_DIBAO_RURAL] = (450 + 10 * sg_range(r, 0, 8)) * 100;
    k->change_month = qitai ? 202407 : (sg_chance(r, 150) ? (int)sg_range(r, 202401, 202408) : 0);
    for (int i = 0; i < 2; i++)
        k->std_new[i] = k->std_old[i] + (k->change_month ? (20 + 10 * sg_range(r, 0, 2)) * 100 : 0);
    for (int i = 0; i < 2; i++) {
        int64_t extra = 10 * sg_range(r, 0, 5) * 100;
        k->std_old[2 + i] = ceil_ten_yuan(k->std_old[i] * 13 / 10) + extra;
        k->std_new[2 + i] = ceil_ten_yuan(k->std_new[i] * 13 / 10) + extra;
    }
    if (qitai) k->std_old[STD_TEKUN_URBAN] = k->std_new[STD_TEKUN_URBAN] = 0;
    k->deadline_day = qitai ? 15 : (sg_chance(r, 100) ? 20 : 0);
    k->gradual_min = qitai ? 6 : k->code == CHANGJI ? 12 : 0;
    k->own_heating = qitai;
    k->dpi_fen = 1200 * sg_range(r, 24, 35) * 100LL; /* divisible by 12 x 100 */
    k->pay_at_township = !qitai && k->code != CHANGJI && sg_chance(r, 120);
}

/* Set up county code (name from the seed) with n base households. */
static rs_status add_county(sg_ctx *c, int64_t code, int n, const char *divs, rs_error *e)
{
    sg_county *k = &c->counties[c->ncounties++];
    char key[16];
    memset(k, 0, sizeof *k);
    k->code = code;
    k->households = n;
    k->mix = county_mix(code);
    snprintf(key, sizeof key, "\n%lld,", (long long)code);
    const char *p = strstr(divs, key);
    if (p) {
        p += strlen(key);
        size_t len = strcspn(p, ",\n");
        snprintf(k->name, sizeof k->name, "%.*s", (int)len, p);
    }
    county_policy(c, k);
    return n > 0 ? add_townships(c, k, divs, e) : RS_OK;
}

/* The counties of the scale with their sizes.  The county scale also sets up
 * 吉木萨尔县 without a population: planted cross-region rows are coded there. */
static rs_status choose_counties(sg_ctx *c, const char *divs, rs_error *e)
{
    int64_t codes[256];
    int n = 0;
    for (const char *p = strstr(divs, ",county,"); p; p = strstr(p + 1, ",county,")) {
        const char *line = p;
        while (line > divs && line[-1] != '\n')
            line--;
        int64_t code = strtoll(line, NULL, 10);
        if (n < 256 && (c->scale == SAMPLE_REGION || code / 100000000 == PREF_CODE / 100000000))
            codes[n++] = code;
    }
    c->counties = rs_calloc((size_t)n + 1, sizeof *c->counties);
    if (c->scale == SAMPLE_COUNTY) {
        if (add_county(c, QITAI, 3000, divs, e) != RS_OK ||
            add_county(c, JIMUSAER, 0, divs, e) != RS_OK)
            return e->status;
        return RS_OK;
    }
    int total = c->scale == SAMPLE_PREFECTURE ? 20000 : 400000;
    int base = total / n;
    for (int i = 0; i < n; i++) {
        int size = (int)(base * sg_range(&c->rng, 70, 130) / 100);
        if (add_county(c, codes[i], size, divs, e) != RS_OK) return e->status;
    }
    return RS_OK;
}

/* The county of code among those set up, or NULL. */
static sg_county *find_county(sg_ctx *c, int64_t code)
{
    for (int i = 0; i < c->ncounties; i++)
        if (c->counties[i].code == code) return &c->counties[i];
    return NULL;
}

/* ================================================================ run */

/* Open every output file of dir and write its header. */
static rs_status open_outputs(sg_ctx *c, const char *dir, rs_error *e)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return rs_fail(e, RS_EIO, "%s: %s", dir, strerror(errno));
    for (int t = 0; t < T_COUNT; t++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, table_file[t]);
        c->out[t] = fopen(path, "w");
        if (!c->out[t]) return rs_fail(e, RS_EIO, "%s: %s", path, strerror(errno));
        fprintf(c->out[t], "%s\n", table_header[t]);
    }
    return RS_OK;
}

/* Close the outputs; an error of a write shows up here. */
static rs_status close_outputs(sg_ctx *c, const char *dir, rs_error *e)
{
    rs_status s = RS_OK;
    for (int t = 0; t < T_COUNT; t++) {
        if (c->out[t] && (ferror(c->out[t]) | fclose(c->out[t])) && s == RS_OK)
            s = rs_fail(e, RS_EIO, "%s/%s: write failed", dir, table_file[t]);
        c->out[t] = NULL;
    }
    return s;
}

/* sample.txt: what was generated, for tests and for people. */
static rs_status write_summary(const sg_ctx *c, const char *dir, long gt_rows, long nm_rows,
                               rs_error *e)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/sample.txt", dir);
    FILE *f = fopen(path, "w");
    if (!f) return rs_fail(e, RS_EIO, "%s: %s", path, strerror(errno));
    fprintf(f, "scale=%s\nseed=%llu\nregion=%lld\nperiod=2024-09\n", sample_scale_name(c->scale),
            (unsigned long long)c->seed, (long long)c->unit);
    for (int t = 0; t < T_COUNT; t++) {
        char name[64];
        snprintf(name, sizeof name, "%s", table_file[t]);
        *strchr(name, '.') = '\0';
        fprintf(f, "rows.%s=%ld\n", name, c->rows[t]);
    }
    fprintf(f, "rows.ground_truth=%ld\nrows.near_misses=%ld\n", gt_rows, nm_rows);
    if (fclose(f) != 0) return rs_fail(e, RS_EIO, "%s: write failed", path);
    return RS_OK;
}

/* The region-wide rows: the autonomous region's minimum dibao standards,
 * which every county's own (higher) standard overrides. */
static void emit_region_policy(sg_ctx *c)
{
    static const char *const items[] = {"dibao_urban", "dibao_rural"};
    static const int64_t fen[] = {68000, 43000};
    for (int i = 0; i < 2; i++) {
        sg_begin(c, T_STANDARDS);
        sg_int(c, XINJIANG);
        sg_str(c, items[i]);
        sg_month(c, 202301);
        sg_money(c, fen[i]);
        sg_end(c);
    }
}

/* Every county's population, then the planted cases. */
static rs_status generate(sg_ctx *c, rs_error *e)
{
    emit_region_policy(c);
    for (int i = 0; i < c->ncounties; i++) {
        sg_county *k = &c->counties[i];
        if (k->households == 0) continue;
        sg_emit_policy(c, k);
        if (sg_base_county(c, k, e) != RS_OK) return e->status;
    }
    if (sg_plant_county(c, find_county(c, QITAI), find_county(c, JIMUSAER), e) != RS_OK)
        return e->status;
    if (c->scale != SAMPLE_COUNTY &&
        sg_plant_county(c, find_county(c, CHANGJI), find_county(c, FUKANG), e) != RS_OK)
        return e->status;
    for (int i = 0; i < c->ncounties; i++)
        if (c->counties[i].households > 0) sg_emit_budgets(c, &c->counties[i]);
    return RS_OK;
}

rs_status sample_scale_parse(const char *s, sample_scale *out, rs_error *e)
{
    static const sample_scale all[] = {SAMPLE_COUNTY, SAMPLE_PREFECTURE, SAMPLE_REGION};
    for (int i = 0; i < 3; i++)
        if (strcmp(s, sample_scale_name(all[i])) == 0) {
            *out = all[i];
            return RS_OK;
        }
    return rs_fail(e, RS_EUSAGE, "unknown scale '%s' (county, prefecture or region)", s);
}

const char *sample_scale_name(sample_scale s)
{
    return s == SAMPLE_COUNTY ? "county" : s == SAMPLE_PREFECTURE ? "prefecture" : "region";
}

rs_status sample_generate(const char *outdir, sample_scale scale, uint64_t seed, rs_error *e)
{
    sg_ctx *c = rs_calloc(1, sizeof *c);
    char *divs = NULL, *seedpath = home_path("seeds/divisions.csv");
    long gt_rows = 0, nm_rows = 0;
    rs_status s;
    c->scale = scale;
    c->seed = seed;
    c->cur = -1;
    c->unit = scale == SAMPLE_COUNTY ? QITAI : scale == SAMPLE_PREFECTURE ? PREF_CODE : XINJIANG;
    c->ids_cap = scale == SAMPLE_REGION ? (1u << 22) : (1u << 17);
    sg_rng_seed(&c->rng, seed);
    c->ids = rs_calloc(c->ids_cap, sizeof *c->ids);
    if ((s = file_read(seedpath, &divs, NULL, e)) != RS_OK ||
        (s = open_outputs(c, outdir, e)) != RS_OK || (s = choose_counties(c, divs, e)) != RS_OK ||
        (s = generate(c, e)) != RS_OK || (s = close_outputs(c, outdir, e)) != RS_OK)
        goto done;
    if ((s = write_expectations(c, outdir, "ground_truth.csv",
                                "code,payment_id,household_id,application_id", c->truth, c->ntruth,
                                false, &gt_rows, e)) != RS_OK ||
        (s = write_expectations(c, outdir, "near_misses.csv",
                                "code,payment_id,household_id,application_id,why", c->near,
                                c->nnear, true, &nm_rows, e)) != RS_OK)
        goto done;
    s = write_summary(c, outdir, gt_rows, nm_rows, e);
done:
    if (c) {
        close_outputs(c, outdir, NULL);
        for (int i = 0; i < c->ncounties; i++)
            free(c->counties[i].villages);
        free(c->counties);
        free(c->ids);
    }
    free(c);
    free(divs);
    free(seedpath);
    return s;
}
