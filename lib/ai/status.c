/* status: descriptions of the lib/ai return codes. */
#include "ai/status.h"

const char *ai_strerror(int status)
{
    switch (status) {
    case AI_OK:
        return "ok";
    case AI_ENOMEM:
        return "out of memory";
    case AI_EINVAL:
        return "invalid argument";
    case AI_EIO:
        return "i/o error";
    case AI_ECORRUPT:
        return "corrupt or incompatible model file";
    case AI_ENODATA:
        return "not enough data";
    case AI_ERANGE:
        return "size limit exceeded";
    default:
        return "unknown error";
    }
}
