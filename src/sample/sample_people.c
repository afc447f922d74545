/*
 * sample_people: the generator's persons.  Han names (surname and one or
 * two characters), Uyghur and Kazakh names in the official transcription
 * (own name · father's name, so children carry their father's name), valid
 * 18-digit ID numbers (the county's code, a birth date that gives exactly
 * the age asked for at the end of the period, a sequence whose parity is the
 * sex, the MOD 11-2 check character) kept unique across the run, and
 * households of one to six persons related as head, spouse, children and
 * parents.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/idnum.h"
#include "base/parse.h"
#include "sample/sample_gen.h"

static const char *const han_surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
    "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶",
    "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "王", "李", "张", "刘", "陈", "杨", "马", "赵",
};
static const char *const han_male[] = {
    "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞",
    "鑫", "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "旭", "宁", "龙", "林", "海", "文",
    "德", "福", "贵", "生", "成", "春", "国", "建", "志", "兴", "新", "永", "荣", "金", "山",
};
static const char *const han_female[] = {
    "秀", "英", "兰", "玉", "桂", "丽", "芳", "娜", "敏", "静", "燕", "艳", "娟", "霞",
    "玲", "婷", "雪", "慧", "红", "梅", "琳", "颖", "倩", "丹", "萍", "晶", "洁", "欣",
    "佳", "悦", "凤", "琴", "云", "莲", "珍", "花", "荣", "淑", "春", "月",
};
static const char *const uyghur_male[] = {
    "买买提", "艾力",     "阿不都热合曼", "吐尔逊",   "艾买提", "努尔买买提", "热合曼",
    "亚森",   "买合木提", "阿布拉",       "艾合买提", "吾斯曼", "玉素甫",     "阿卜杜拉",
    "塔依尔", "依明",     "麦麦提敏",     "艾尔肯",   "阿里木", "卡德尔",     "肉孜",
    "司马义", "托合提",   "喀迪尔",       "伊力哈木", "尼加提", "迪力夏提",   "艾则孜",
};
static const char *const uyghur_female[] = {
    "古丽娜尔", "阿依古丽",   "热依拉",   "帕提古丽",   "祖丽菲亚", "米热古丽",   "布阿依谢姆",
    "阿依努尔", "努尔尼沙",   "再努尔",   "热孜万古丽", "阿曼古丽", "古再丽努尔", "帕丽旦",
    "玛依拉",   "吐尔逊古丽", "阿依先木", "海丽其古丽", "迪丽努尔", "米娜瓦尔",
};
static const char *const kazakh_male[] = {
    "叶尔兰", "哈那提",     "别克",       "努尔兰",     "加尔肯",   "阿合买提",
    "叶尔肯", "努尔波拉提", "巴合提别克", "吐尔逊别克", "阿力木江", "叶尔波拉提",
    "波拉提", "达吾列提",   "赛力克",     "马合沙提",   "胡安",     "哈力木",
};
static const char *const kazakh_female[] = {
    "阿依达娜", "古丽巴哈尔", "阿依古丽",   "沙吾列",     "加娜尔", "玛地娜",   "阿娜尔",
    "古丽江",   "哈丽曼",     "阿依加玛丽", "巴合提古丽", "热依汗", "努尔古丽",
};

/* ================================================================ dates */

int32_t sg_jdn(int y, int m, int d)
{
    return date_to_jdn(y, m, d);
}

int32_t sg_month_first(int yyyymm)
{
    return month_first_jdn(yyyymm);
}

int32_t sg_month_last(int yyyymm)
{
    return month_last_jdn(yyyymm);
}

int sg_age_at_period_end(int32_t birth)
{
    int y, m, d;
    date_from_jdn(birth, &y, &m, &d);
    return idnum_age_at(y, m, d, 2024, 9, 30);
}

/* ================================================================ ID numbers */

/* A well-spread hash of a 17-digit prefix. */
static uint64_t id_hash(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xFF51AFD7ED558CCDULL;
    k ^= k >> 33;
    return k;
}

/* Insert key into the set; false if it was there already. */
static bool id_insert(uint64_t *tab, size_t cap, uint64_t key)
{
    for (size_t i = id_hash(key) & (cap - 1);; i = (i + 1) & (cap - 1)) {
        if (tab[i] == key) return false;
        if (tab[i] == 0) {
            tab[i] = key;
            return true;
        }
    }
}

/* Double the set when it is 70% full. */
static void id_grow(sg_ctx *c)
{
    if (c->ids_used * 10 < c->ids_cap * 7) return;
    size_t cap = c->ids_cap * 2;
    uint64_t *tab = rs_calloc(cap, sizeof *tab);
    for (size_t i = 0; i < c->ids_cap; i++)
        if (c->ids[i]) id_insert(tab, cap, c->ids[i]);
    free(c->ids);
    c->ids = tab;
    c->ids_cap = cap;
}

rs_status sg_reserve_id(sg_ctx *c, const char *id, rs_error *e)
{
    char digits[18];
    size_t n = strlen(id) == 15 ? 15 : 17;
    memcpy(digits, id, n);
    digits[n] = '\0';
    id_grow(c);
    if (!id_insert(c->ids, c->ids_cap, strtoull(digits, NULL, 10)))
        return rs_fail(e, RS_EINTERNAL, "sample: ID %s made twice", id);
    c->ids_used++;
    return RS_OK;
}

rs_status sg_new_id(sg_ctx *c, int code6, int32_t birth, bool male, char *out, rs_error *e)
{
    int y, m, d;
    date_from_jdn(birth, &y, &m, &d);
    id_grow(c);
    for (int attempt = 0; attempt < 1000; attempt++) {
        int seq = (int)sg_range(&c->rng, 0, 499) * 2 + (male ? 1 : 0);
        char first17[18];
        snprintf(first17, sizeof first17, "%06d%04d%02d%02d%03d", code6, y, m, d, seq);
        if (!id_insert(c->ids, c->ids_cap, strtoull(first17, NULL, 10))) continue;
        c->ids_used++;
        snprintf(out, 20, "%.17s%c", first17, idnum_check_char(first17));
        return RS_OK;
    }
    return rs_fail(e, RS_EINTERNAL, "sample: no free ID number for %06d %04d-%02d-%02d", code6, y,
                   m, d);
}

/* ================================================================ names */

/* A Han given name of one or two characters into out. */
static void han_given(sg_rng *r, bool male, char *out, size_t n)
{
    const char *a = male ? SG_PICK(r, han_male) : SG_PICK(r, han_female);
    if (sg_chance(r, 550))
        snprintf(out, n, "%s%s", a, male ? SG_PICK(r, han_male) : SG_PICK(r, han_female));
    else
        snprintf(out, n, "%s", a);
}

/* A Uyghur (ethnic 1) or Kazakh (2) own name. */
static const char *turkic_given(sg_rng *r, int ethnic, bool male)
{
    if (ethnic == 1) return male ? SG_PICK(r, uyghur_male) : SG_PICK(r, uyghur_female);
    return male ? SG_PICK(r, kazakh_male) : SG_PICK(r, kazakh_female);
}

void sg_staff_name(sg_ctx *c, char *out, size_t n)
{
    char given[32];
    han_given(&c->rng, sg_chance(&c->rng, 500), given, sizeof given);
    snprintf(out, n, "%s%s", SG_PICK(&c->rng, han_surnames), given);
}

/* ================================================================ persons */

rs_status sg_make_person(sg_ctx *c, const sg_county *k, int ethnic, bool male, int age_lo,
                         int age_hi, const char *surname, const char *father_given, sg_person *p,
                         rs_error *e)
{
    sg_rng *r = &c->rng;
    int age = (int)sg_range(r, age_lo, age_hi);
    memset(p, 0, sizeof *p);
    p->male = male;
    /* Born in (P.end - (age+1) years, P.end - age years]: exactly age at P.end. */
    p->birth = (int32_t)sg_range(r, sg_jdn(2023 - age, 10, 1), sg_jdn(2024 - age, 9, 30));
    if (sg_new_id(c, (int)(k->code / 1000000), p->birth, male, p->id, e) != RS_OK) return e->status;
    if (ethnic == 0) {
        char given[32];
        han_given(r, male, given, sizeof given);
        const char *family = surname ? surname : SG_PICK(r, han_surnames);
        /* A one-character given name never repeats the surname (no 金金, 林林). */
        while (strcmp(given, family) == 0)
            han_given(r, male, given, sizeof given);
        snprintf(p->name, sizeof p->name, "%s%s", family, given);
        snprintf(p->given, sizeof p->given, "%s", surname ? surname : "");
    } else {
        const char *g = turkic_given(r, ethnic, male);
        const char *f = father_given ? father_given : turkic_given(r, ethnic, true);
        if (strcmp(f, g) == 0 && !father_given) f = turkic_given(r, ethnic, true);
        snprintf(p->given, sizeof p->given, "%s", g);
        snprintf(p->name, sizeof p->name, "%s·%s", g, f);
    }
    if (age >= 16 && sg_chance(r, 30)) {
        p->disability = (int)sg_range(r, 1, 4);
        p->dtype = sg_disability_type(r);
    }
    p->ill = age >= 30 && sg_chance(r, 30);
    p->can_work = age >= 16 && age < 60 && !p->ill && (p->disability == 0 || p->disability > 2);
    return RS_OK;
}

const char *sg_disability_type(sg_rng *r)
{
    /* Roughly the mix of the second national disability sample survey:
     * physical the most common, then hearing and visual, mental,
     * intellectual, multiple, speech. */
    static const struct {
        int upto;
        const char *type;
    } mix[] = {{450, "physical"},     {600, "hearing"},  {740, "visual"}, {830, "mental"},
               {910, "intellectual"}, {980, "multiple"}, {1000, "speech"}};
    int roll = (int)sg_range(r, 0, 999);
    for (int i = 0;; i++)
        if (roll < mix[i].upto) return mix[i].type;
}

/* The Han surname of p (the leading character of its name, 3 UTF-8 bytes). */
static void surname_of(const sg_person *p, char *out, size_t n)
{
    snprintf(out, n, "%.3s", p->name);
}

/* Add one more person to h with relation rel and ages [lo, hi]. */
static rs_status add_member(sg_ctx *c, const sg_county *k, sg_household *h, sg_relation rel,
                            bool male, int lo, int hi, rs_error *e)
{
    const sg_person *head = &h->p[0];
    const sg_person *father = head->male ? head : (h->n > 1 && h->p[1].male ? &h->p[1] : NULL);
    char surname[16] = "";
    const char *sn = NULL, *fg = NULL;
    if (rel == REL_CHILD) {
        if (h->ethnic == 0 && father) {
            surname_of(father, surname, sizeof surname);
            sn = surname;
        }
        fg = father && h->ethnic != 0 ? father->given : NULL;
    } else if (rel == REL_PARENT && male && h->ethnic == 0 && head->male) {
        surname_of(head, surname, sizeof surname);
        sn = surname;
    }
    sg_person *p = &h->p[h->n];
    if (sg_make_person(c, k, h->ethnic, male, lo, hi, sn, fg, p, e) != RS_OK) return e->status;
    p->relation = rel;
    h->n++;
    return RS_OK;
}

rs_status sg_make_household(sg_ctx *c, sg_county *k, const sg_village *v, int n, int age_lo,
                            int age_hi, sg_household *h, rs_error *e)
{
    sg_rng *r = &c->rng;
    memset(h, 0, sizeof *h);
    snprintf(h->id, sizeof h->id, "H%06lld%06d", (long long)(k->code / 1000000),
             ++k->next_household);
    h->county = k;
    h->village = v->code;
    h->urban = v->urban;
    int roll = (int)sg_range(r, 0, 999);
    h->ethnic = roll < k->mix.han ? 0 : roll < k->mix.han + k->mix.uyghur ? 1 : 2;
    bool male = n == 1 ? sg_chance(r, 550) : sg_chance(r, 750);
    if (sg_make_person(c, k, h->ethnic, male, age_lo, age_hi, NULL, NULL, &h->p[0], e) != RS_OK)
        return e->status;
    h->p[0].relation = REL_HEAD;
    h->n = 1;
    int head_age = sg_age_at_period_end(h->p[0].birth);
    if (n >= 2 && head_age >= 20 && head_age <= 80 && sg_chance(r, 850)) {
        int lo = head_age - 6 < 18 ? 18 : head_age - 6;
        if (add_member(c, k, h, REL_SPOUSE, !male, lo, head_age + 4, e) != RS_OK) return e->status;
    }
    while (h->n < n) {
        bool can_parent = head_age <= 55 && h->n < 4;
        bool can_child = head_age >= 20;
        if (can_parent && (!can_child || sg_chance(r, 250))) {
            int lo = head_age + 20, hi = head_age + 32 > 92 ? 92 : head_age + 32;
            if (add_member(c, k, h, REL_PARENT, sg_chance(r, 450), lo, hi, e) != RS_OK)
                return e->status;
        } else {
            int hi = head_age - 20 > 30 ? 30 : head_age - 20;
            if (add_member(c, k, h, can_child ? REL_CHILD : REL_OTHER, sg_chance(r, 500), 0,
                           can_child ? hi : 12, e) != RS_OK)
                return e->status;
        }
    }
    h->members = h->n;
    h->annual = h->rigid = h->emp_cost = -1;
    h->assets_ok = 1;
    h->registered = (int32_t)sg_range(r, sg_jdn(2015, 1, 1), sg_jdn(2023, 6, 30));
    return RS_OK;
}
