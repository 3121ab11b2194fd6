/* admin: users, intents, settings, statistics, simulation, retraining, the audit log and
 * the outbox. */
#include "admin.h"
#include "auth/auth.h"
#include "http/app.h"
#include "service/service.h"

static const struct route routes[] = {
    {"GET", "/api/admin/users", api_users_list, RF_ADMIN},
    {"PATCH", "/api/admin/users/{id}", api_users_patch, RF_ADMIN | RF_JSON},
    {"GET", "/api/admin/audit", api_audit_list, RF_ADMIN},
    {"GET", "/api/admin/outbox", api_outbox_list, RF_ADMIN},
    {"POST", "/api/admin/outbox/{id}/retry", api_outbox_retry, RF_ADMIN},
    {"GET", "/api/admin/intents", api_intents_list, RF_ADMIN},
    {"POST", "/api/admin/intents", api_intents_create, RF_ADMIN | RF_JSON},
    {"GET", "/api/admin/intents/{name}", api_intents_get, RF_ADMIN},
    {"PATCH", "/api/admin/intents/{name}", api_intents_patch, RF_ADMIN | RF_JSON},
    {"DELETE", "/api/admin/intents/{name}", api_intents_delete, RF_ADMIN},
    {"GET", "/api/admin/stats", api_stats, RF_ADMIN},
    {"GET", "/api/admin/simulate", api_simulate, RF_ADMIN},
    {"POST", "/api/admin/retrain", api_retrain, RF_ADMIN},
    {"GET", "/api/admin/model", api_model, RF_ADMIN},
    {"GET", "/api/admin/settings", api_settings_get, RF_ADMIN},
    {"PUT", "/api/admin/settings", api_settings_put, RF_ADMIN | RF_JSON},
    {"GET", "/api/admin/sla", api_sla_get, RF_ADMIN},
    {"PUT", "/api/admin/sla", api_sla_put, RF_ADMIN | RF_JSON},
    {"GET", "/api/admin/macros", api_macros_list, RF_ADMIN},
    {"POST", "/api/admin/macros", api_macros_create, RF_ADMIN | RF_JSON},
    {"GET", "/api/admin/macros/{id}", api_macros_get, RF_ADMIN},
    {"PUT", "/api/admin/macros/{id}", api_macros_put, RF_ADMIN | RF_JSON},
    {"DELETE", "/api/admin/macros/{id}", api_macros_delete, RF_ADMIN},
};

int main(int argc, char **argv)
{
    static const struct app app = {
        .name = "admin",
        .routes = routes,
        .nroutes = sizeof routes / sizeof routes[0],
        .store = &service_store,
        .authenticate = auth_authenticate,
    };
    return app_main(&app, argc, argv);
}
