/* fuzz_tpl: the Mustache compiler and renderer, with fixed data and partials. */
#include <json.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "fuzz.h"
#include "html/tpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Data with every json type, nesting, lists, markup to escape and falsy values. */
static const char fuzz_tpl_data[] =
    "{\"title\":\"<b>Tickets</b> & \\\"more\\\"\",\"n\":3,\"pi\":3.25,\"yes\":true,\"no\":false,"
    "\"none\":null,\"empty\":\"\",\"zero\":0,\"list\":[],\"obj\":{},"
    "\"user\":{\"name\":\"Ada <script>\",\"role\":\"agent\",\"tags\":[\"a\",\"b\"]},"
    "\"tickets\":[{\"id\":1,\"subject\":\"Card ' missing\",\"open\":true,"
    "\"messages\":[{\"body\":\"hi\"},{\"body\":\"<i>there</i>\"}]},"
    "{\"id\":2,\"subject\":\"Refund\",\"open\":false,\"messages\":[]}],"
    "\"nums\":[1,2.5,\"x\",null,[1,2],{\"a\":1}],\"a\":{\"b\":{\"c\":{\"d\":\"deep\"}}}}";

/* Fixed partials; "self" is the template under test, so it may include itself. */
static const char *const fuzz_tpl_partial_src[][2] = {
    {"row", "<li>{{id}}: {{subject}}{{#open}} (open){{/open}}</li>\n"},
    {"layout",
     "<h1>{{title}}</h1>\n{{#tickets}}{{>row}}{{/tickets}}{{^tickets}}none{{/tickets}}\n"},
    {"loop", "{{>loop}}"},
    {"user", "{{#user}}{{name}} ({{role}}){{#tags}}[{{.}}]{{/tags}}{{/user}}"},
};
#define FUZZ_TPL_NPART (sizeof fuzz_tpl_partial_src / sizeof fuzz_tpl_partial_src[0])

static struct tpl *fuzz_tpl_parts[FUZZ_TPL_NPART];
static struct json_object *fuzz_tpl_json;
static const struct tpl *fuzz_tpl_self;

static const struct tpl *fuzz_tpl_find(const void *ctx, const char *name)
{
    (void)ctx;
    if (strcmp(name, "self") == 0)
        return fuzz_tpl_self;
    for (size_t i = 0; i < FUZZ_TPL_NPART; i++)
        if (strcmp(name, fuzz_tpl_partial_src[i][0]) == 0)
            return fuzz_tpl_parts[i];
    return NULL;
}

static void fuzz_tpl_init(void)
{
    if (fuzz_tpl_json)
        return;
    fuzz_tpl_json = json_tokener_parse(fuzz_tpl_data);
    FUZZ_CHECK(fuzz_tpl_json != NULL);
    for (size_t i = 0; i < FUZZ_TPL_NPART; i++) {
        const char *src = fuzz_tpl_partial_src[i][1];
        FUZZ_CHECK(tpl_compile(src, strlen(src), &fuzz_tpl_parts[i], NULL, 0) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_tpl_init();
    struct tpl *t = NULL;
    char errbuf[128];
    errbuf[0] = 'x';
    int rc = tpl_compile((const char *)data, size, &t, errbuf, sizeof errbuf);
    if (rc != 0) {
        FUZZ_CHECK(t == NULL);
        FUZZ_CHECK(rc == TPL_ESYNTAX || rc == TPL_EDEPTH);
        FUZZ_CHECK(memchr(errbuf, '\0', sizeof errbuf) != NULL);
        return 0;
    }
    FUZZ_CHECK(t != NULL);
    fuzz_tpl_self = t;
    struct tpl_partials parts = {fuzz_tpl_find, NULL};
    struct buf out;
    buf_init(&out);
    rc = tpl_render(t, fuzz_tpl_json, &parts, &out);
    FUZZ_CHECK(rc == 0 || rc == TPL_EDEPTH);
    FUZZ_CHECK(!out.failed);
    /* The same template with no partials and with no data. */
    buf_reset(&out);
    rc = tpl_render(t, NULL, NULL, &out);
    FUZZ_CHECK(rc == 0 || rc == TPL_EDEPTH);
    buf_cleanup(&out);
    fuzz_tpl_self = NULL;
    tpl_free(t);
    return 0;
}
