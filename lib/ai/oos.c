/* oos: prediction signals and the logistic second stage (fit and apply). */
#include "ai/oos.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ai/status.h"

#define NP (AI_OOS_NSIG + 1) /* weights + bias */
/* L2 strength on the standardised weights, per unit of total row weight: enough
 * to keep Newton's method finite on separable data, too little to bias it. */
#define L2 1e-3

uint32_t ai_oos_score_signals(const float *z, uint32_t nclass, struct ai_oos_signals *out)
{
    uint32_t top = 0;
    for (uint32_t c = 1; c < nclass; c++)
        if (z[c] > z[top])
            top = c;
    float second = -INFINITY;
    for (uint32_t c = 0; c < nclass; c++)
        if (c != top && z[c] > second)
            second = z[c];
    /* log-sum-exp and the softmax's entropy: H = lse - sum p_c z_c. */
    double m = z[top], sum = 0, pz = 0;
    for (uint32_t c = 0; c < nclass; c++) {
        double e = exp((double)z[c] - m);
        sum += e;
        pz += e * ((double)z[c] - m);
    }
    double lse = log(sum); /* relative to m */
    double h = lse - pz / sum;
    /* log(p1/(1-p1)) = -lse - log(1 - exp(-lse)), stable for p1 near 1. */
    double logit = lse > 1e-12 ? -lse - log(-expm1(-lse)) : 20.0;
    if (logit > 20)
        logit = 20;
    if (logit < -20)
        logit = -20;
    out->v[AI_SIG_LOGIT] = (float)logit;
    out->v[AI_SIG_MARGIN] = z[top] - second;
    out->v[AI_SIG_ENTROPY] = (float)(h / log((double)nclass));
    out->v[AI_SIG_TOP] = z[top];
    return top;
}

static double sigmoid(double t)
{
    return t >= 0 ? 1.0 / (1.0 + exp(-t)) : exp(t) / (1.0 + exp(t));
}

float ai_oos_prob(const struct ai_oos_calib *c, const struct ai_oos_signals *x)
{
    double t;
    if (c->fitted) {
        t = c->bias;
        for (int i = 0; i < AI_OOS_NSIG; i++)
            t += c->w[i] * (x->v[i] - c->mean[i]) / c->scale[i];
    } else {
        t = x->v[AI_SIG_LOGIT];
    }
    double p = sigmoid(t);
    return (float)(p < 0.001 ? 0.001 : p > 0.999 ? 0.999 : p);
}

int ai_oos_calib_valid(const struct ai_oos_calib *c)
{
    if (!c->fitted)
        return 1;
    if (c->nsig != AI_OOS_NSIG || !isfinite(c->bias))
        return 0;
    for (int i = 0; i < AI_OOS_NSIG; i++)
        if (!isfinite(c->mean[i]) || !isfinite(c->w[i]) || !(c->scale[i] > 0) ||
            !isfinite(c->scale[i]))
            return 0;
    return 1;
}

/* Solve the NP x NP system A d = g in place (Gaussian elimination, partial
 * pivoting). Returns 0, or -1 when A is singular. */
static int solve(double A[NP][NP], double *g)
{
    for (int c = 0; c < NP; c++) {
        int p = c;
        for (int r = c + 1; r < NP; r++)
            if (fabs(A[r][c]) > fabs(A[p][c]))
                p = r;
        if (fabs(A[p][c]) < 1e-12)
            return -1;
        if (p != c) {
            for (int k = 0; k < NP; k++) {
                double t = A[c][k];
                A[c][k] = A[p][k];
                A[p][k] = t;
            }
            double t = g[c];
            g[c] = g[p];
            g[p] = t;
        }
        for (int r = c + 1; r < NP; r++) {
            double f = A[r][c] / A[c][c];
            for (int k = c; k < NP; k++)
                A[r][k] -= f * A[c][k];
            g[r] -= f * g[c];
        }
    }
    for (int c = NP - 1; c >= 0; c--) {
        for (int k = c + 1; k < NP; k++)
            g[c] -= A[c][k] * g[k];
        g[c] /= A[c][c];
    }
    return 0;
}

/* Weighted mean log-loss plus the L2 term, for the step-size check. */
static double objective(const double *xs, const uint8_t *y, const float *w, size_t n,
                        const double *beta, double wsum)
{
    double loss = 0;
    for (size_t r = 0; r < n; r++) {
        const double *xr = xs + r * NP;
        double t = 0;
        for (int k = 0; k < NP; k++)
            t += beta[k] * xr[k];
        /* log(1 + e^t) - y t, stably */
        double l = (t > 0 ? t + log1p(exp(-t)) : log1p(exp(t))) - (y[r] ? t : 0);
        loss += (w ? w[r] : 1.0) * l;
    }
    double reg = 0;
    for (int k = 0; k < AI_OOS_NSIG; k++)
        reg += beta[k] * beta[k];
    return loss / wsum + 0.5 * L2 * reg;
}

int ai_oos_fit(const struct ai_oos_signals *x, const uint8_t *y, const float *w, size_t n,
               struct ai_oos_calib *out)
{
    memset(out, 0, sizeof *out);
    size_t pos = 0;
    double wsum = 0;
    for (size_t r = 0; r < n; r++) {
        pos += y[r] != 0;
        wsum += w ? w[r] : 1.0;
    }
    if (n < 2 || pos == 0 || pos == n || !(wsum > 0))
        return AI_ENODATA;
    /* Standardise each signal (weighted), last column the constant 1. */
    double mean[AI_OOS_NSIG] = {0}, var[AI_OOS_NSIG] = {0};
    for (size_t r = 0; r < n; r++)
        for (int k = 0; k < AI_OOS_NSIG; k++)
            mean[k] += (w ? w[r] : 1.0) * x[r].v[k];
    for (int k = 0; k < AI_OOS_NSIG; k++)
        mean[k] /= wsum;
    for (size_t r = 0; r < n; r++)
        for (int k = 0; k < AI_OOS_NSIG; k++) {
            double d = x[r].v[k] - mean[k];
            var[k] += (w ? w[r] : 1.0) * d * d;
        }
    double *xs = malloc(n * NP * sizeof *xs);
    if (!xs)
        return AI_ENOMEM;
    for (int k = 0; k < AI_OOS_NSIG; k++) {
        double sd = sqrt(var[k] / wsum);
        out->mean[k] = (float)mean[k];
        out->scale[k] = (float)(sd > 1e-6 ? sd : 1.0);
    }
    for (size_t r = 0; r < n; r++) {
        for (int k = 0; k < AI_OOS_NSIG; k++)
            xs[r * NP + k] = (x[r].v[k] - out->mean[k]) / out->scale[k];
        xs[r * NP + AI_OOS_NSIG] = 1.0;
    }
    double beta[NP] = {0};
    double f = objective(xs, y, w, n, beta, wsum);
    for (int it = 0; it < 50; it++) {
        double A[NP][NP] = {{0}}, g[NP] = {0};
        for (size_t r = 0; r < n; r++) {
            const double *xr = xs + r * NP;
            double t = 0;
            for (int k = 0; k < NP; k++)
                t += beta[k] * xr[k];
            double p = sigmoid(t), wr = (w ? w[r] : 1.0) / wsum, d = wr * (p - (y[r] ? 1.0 : 0.0));
            double h = wr * p * (1 - p);
            for (int a = 0; a < NP; a++) {
                g[a] += d * xr[a];
                for (int b = 0; b <= a; b++)
                    A[a][b] += h * xr[a] * xr[b];
            }
        }
        for (int a = 0; a < NP; a++)
            for (int b = a + 1; b < NP; b++)
                A[a][b] = A[b][a];
        for (int k = 0; k < AI_OOS_NSIG; k++) {
            g[k] += L2 * beta[k];
            A[k][k] += L2;
        }
        if (solve(A, g) < 0)
            break;
        /* Newton step, halved until the objective does not rise. */
        double step = 1.0, nb[NP], nf = f;
        for (int h = 0; h < 20; h++, step *= 0.5) {
            for (int k = 0; k < NP; k++)
                nb[k] = beta[k] - step * g[k];
            nf = objective(xs, y, w, n, nb, wsum);
            if (nf <= f)
                break;
        }
        if (!(nf <= f))
            break;
        memcpy(beta, nb, sizeof beta);
        double gain = f - nf;
        f = nf;
        if (gain < 1e-10)
            break;
    }
    free(xs);
    for (int k = 0; k < AI_OOS_NSIG; k++)
        out->w[k] = (float)beta[k];
    out->bias = (float)beta[AI_OOS_NSIG];
    out->nsig = AI_OOS_NSIG;
    out->fitted = 1;
    return AI_OK;
}
