/* admin_retrain: POST /admin/retrain — the dashboard's "Retrain model" button; the
 * dashboard then shows the new model version. Same action as POST /api/admin/retrain. */
#include "pages.h"
#include "pipeline/retrain.h"

int page_admin_retrain(struct request *req, struct response *res, struct app_err *err)
{
    struct train_summary s;
    if (retrain_now(req->arena, req->user.id, &s, err))
        return -1;
    return pages_redirect(req, res, err, "/admin/?done=retrained#model");
}
