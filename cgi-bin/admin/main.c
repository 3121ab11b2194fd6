/* admin: users, intents, settings, statistics, simulation, retraining and the audit log. */
#include "admin.h"
#include "auth/auth.h"
#include "http/app.h"

static const struct route routes[] = {
    {"GET", "/api/admin/users", admin_users_list, RF_ADMIN},
    {"PATCH", "/api/admin/users/{id}", admin_users_patch, RF_ADMIN | RF_JSON},
    {"GET", "/api/admin/audit", admin_audit_list, RF_ADMIN},
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
