/* status: the return codes shared by every lib/ai module. */
#ifndef DESKPILOT_AI_STATUS_H
#define DESKPILOT_AI_STATUS_H

/* Functions that can fail return 0 (AI_OK) or one of these negative codes. */
enum ai_status {
    AI_OK = 0,
    AI_ENOMEM = -1,   /* an allocation failed */
    AI_EINVAL = -2,   /* a caller-supplied argument is out of its contract */
    AI_EIO = -3,      /* the file system refused (open, write, rename, mmap) */
    AI_ECORRUPT = -4, /* a model file failed validation */
    AI_ENODATA = -5,  /* not enough data to do the job (e.g. no examples) */
    AI_ERANGE = -6,   /* a size limit of the format would be exceeded */
};

/* A static English description of a status code; never NULL. */
const char *ai_strerror(int status);

#endif
