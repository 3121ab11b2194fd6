/* auth: registration, login and the caller's own account. */
#include "auth/auth.h"
#include "auth_handlers.h"
#include "http/app.h"
#include "service/service.h"

static const struct route routes[] = {
    {"POST", "/api/auth/register", auth_register, RF_JSON},
    {"POST", "/api/auth/login", auth_login, RF_JSON},
    {"GET", "/api/auth/me", auth_me, RF_AUTH},
    {"POST", "/api/auth/logout", auth_logout, RF_AUTH},
};

int main(int argc, char **argv)
{
    static const struct app app = {
        .name = "auth",
        .routes = routes,
        .nroutes = sizeof routes / sizeof routes[0],
        .store = &service_store,
        .authenticate = auth_authenticate,
    };
    return app_main(&app, argc, argv);
}
