/* attach_image: the server-side re-check of an image attachment — every byte must
 * belong to one well-formed PNG, JPEG, GIF or WebP file and nothing may follow it,
 * so a file that is also a ZIP, a script or a page (a polyglot) is refused. Pure:
 * structure only (no pixel is decoded), unit-tested and fuzzed. */
#ifndef DESKPILOT_TICKET_ATTACH_IMAGE_H
#define DESKPILOT_TICKET_ATTACH_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

/* Larger images are refused: a browser showing the thumbnail decodes the whole file. */
#define ATTACH_IMAGE_MAX_SIDE 16384

/* True when d[0..len) is exactly one image of the given MIME type (image/png,
 * image/jpeg, image/gif, image/webp): PNG chunks with valid CRCs from IHDR to IEND,
 * JPEG segments from SOI through the scans to EOI, GIF blocks to the trailer, or a
 * WebP RIFF whose size is the file's; nothing after the end. *width and *height
 * receive its size (1..ATTACH_IMAGE_MAX_SIDE). An unknown type is false. */
bool attach_image_verify(const char *mime, const unsigned char *d, size_t len, unsigned *width,
                         unsigned *height);

#endif
