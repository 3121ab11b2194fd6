/* auth: registration, login, password reset and the caller's own account. */
#include "auth/auth.h"
#include "auth_handlers.h"
#include "http/app.h"
#include "service/service.h"

static const struct route routes[] = {
    {"POST", "/api/auth/register", auth_register, RF_JSON},
    {"POST", "/api/auth/login", auth_login, RF_JSON},
    {"POST", "/api/auth/password-reset", auth_password_reset, RF_JSON},
    {"POST", "/api/auth/password-reset/confirm", auth_password_reset_confirm, RF_JSON},
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
