/* test_config: defaults, ranges and the message naming a bad variable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"

static void clear_env(void)
{
    unsetenv("DESKPILOT_CONFIG");
    for (const struct config_var *v = config_vars; v->name; v++) {
        unsetenv(v->name);
        char f[96];
        snprintf(f, sizeof f, "%s_FILE", v->name);
        unsetenv(f);
    }
}

static void test_defaults(void **state)
{
    (void)state;
    clear_env();
    struct config c;
    char msg[256];
    assert_int_equal(config_load(&c, 0, msg, sizeof msg), 0);
    assert_int_equal(c.jwt_ttl, 3600);
    assert_int_equal(c.bcrypt_cost, 12);
    assert_true(c.confidence_threshold == 0.75);
    assert_int_equal(c.max_body, 65536);
    assert_string_equal(c.db_name, "deskpilot");
}

static void test_bad_values_named(void **state)
{
    (void)state;
    struct {
        const char *name, *value;
    } bad[] = {{"DESKPILOT_JWT_TTL", "soon"},    {"DESKPILOT_BCRYPT_COST", "3"},
               {"DESKPILOT_BCRYPT_COST", "12x"}, {"DESKPILOT_CONFIDENCE_THRESHOLD", "1.5"},
               {"DESKPILOT_DB_PORT", "70000"},   {"DESKPILOT_LOG_LEVEL", "loud"},
               {"DESKPILOT_MAX_BODY", ""},       {"DESKPILOT_DB_HOSTS", "db1:3306,db2"},
               {"DESKPILOT_DB_HOST_HOLD", "0"},  {"DESKPILOT_DB_TIMEOUT", "61"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        clear_env();
        setenv(bad[i].name, bad[i].value, 1);
        struct config c;
        char msg[256] = "";
        assert_int_equal(config_load(&c, 0, msg, sizeof msg), -1);
        assert_non_null(strstr(msg, bad[i].name));
    }
}

static void test_secret_rules(void **state)
{
    (void)state;
    clear_env();
    struct config c;
    char msg[256];
    setenv("DESKPILOT_JWT_SECRET", "short", 1);
    assert_int_equal(config_load(&c, 1, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "DESKPILOT_JWT_SECRET"));
    assert_int_equal(config_load(&c, 0, msg, sizeof msg), 0); /* the CLI needs none */
    /* from a file, trailing newline dropped */
    char path[] = "/tmp/dp-secret-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *s = "0123456789abcdef0123456789abcdef0123\n";
    assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
    close(fd);
    setenv("DESKPILOT_JWT_SECRET_FILE", path, 1);
    assert_int_equal(config_load(&c, 1, msg, sizeof msg), 0);
    assert_int_equal(c.jwt_secret_len, 36);
    unlink(path);
    setenv("DESKPILOT_JWT_SECRET_FILE", "/nonexistent/secret", 1);
    assert_int_equal(config_load(&c, 1, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "DESKPILOT_JWT_SECRET_FILE"));
}

/* Write text to a new temporary file; its path in path (a mkstemp template). */
static void temp_file(char *path, const char *text)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

static void test_config_file(void **state)
{
    (void)state;
    clear_env();
    struct config c;
    char msg[256];
    char path[] = "/tmp/dp-conf-XXXXXX";
    temp_file(path, "# a shared host's settings\n\nDESKPILOT_DB_NAME=desk_db\r\n"
                    "  DESKPILOT_JWT_TTL=600\nDESKPILOT_DB_USER=from file\n");
    setenv("DESKPILOT_CONFIG", path, 1);
    setenv("DESKPILOT_DB_USER", "from env", 1); /* the environment wins */
    assert_int_equal(config_load(&c, 0, msg, sizeof msg), 0);
    assert_string_equal(c.db_name, "desk_db");
    assert_int_equal(c.jwt_ttl, 600);
    assert_string_equal(c.db_user, "from env");
    unlink(path);

    const char *bad[] = {"DESKPILOT_DB_NAME\n", "PATH=/tmp\n", "DESKPILOT_=x\n", "DESKPILOT_db=x\n",
                         "DESKPILOT_JWT_TTL=soon\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        clear_env();
        char p2[] = "/tmp/dp-conf-XXXXXX";
        temp_file(p2, bad[i]);
        setenv("DESKPILOT_CONFIG", p2, 1);
        msg[0] = '\0';
        assert_int_equal(config_load(&c, 0, msg, sizeof msg), -1);
        assert_true(strstr(msg, "line 1") || strstr(msg, "DESKPILOT_JWT_TTL"));
        unlink(p2);
    }
    clear_env();
    setenv("DESKPILOT_CONFIG", "/nonexistent/deskpilot.conf", 1);
    assert_int_equal(config_load(&c, 0, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "DESKPILOT_CONFIG"));
    clear_env();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_bad_values_named),
        cmocka_unit_test(test_secret_rules),
        cmocka_unit_test(test_config_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
