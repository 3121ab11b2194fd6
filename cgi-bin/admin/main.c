/* admin: users, intents, settings, statistics, simulation, retraining and the audit log. */
#include "admin.h"
#include "auth/auth.h"
#include "http/app.h"

static const struct route routes[] = {
    {"GET", "/api/admin/users", admin_users_list, RF_ADMIN},
    {"PATCH", "/api/admin/users/{id}", admin_users_patch, RF_ADMIN | RF_JSON},
    {"GET", "/api/admin/audit", admin_audit_list, RF_ADMIN},
    {"GET", "/api/admin/intents", admin_intents_list, RF_ADMIN},
    {"POST", "/api/admin/intents", admin_intents_create, RF_ADMIN | RF_JSON},
    {"GET", "/api/admin/intents/{name}", admin_intents_get, RF_ADMIN},
    {"PATCH", "/api/admin/intents/{name}", admin_intents_patch, RF_ADMIN | RF_JSON},
    {"DELETE", "/api/admin/intents/{name}", admin_intents_delete, RF_ADMIN},
    {"GET", "/api/admin/stats", admin_stats, RF_ADMIN},
    {"GET", "/api/admin/simulate", admin_simulate, RF_ADMIN},
    {"POST", "/api/admin/retrain", admin_retrain, RF_ADMIN},
    {"GET", "/api/admin/settings", admin_settings_get, RF_ADMIN},
    {"PUT", "/api/admin/settings", admin_settings_put, RF_ADMIN | RF_JSON},
};

int main(int argc, char **argv)
{
    static const struct app app = {
        .name = "admin",
        .routes = routes,
        .nroutes = sizeof routes / sizeof routes[0],
        .authenticate = auth_authenticate,
    };
    return app_main(&app, argc, argv);
}
