/* sharedir.h - where the kiosk's shipped files are: fonts, sounds, courier
 * maps, the demo event. One lookup for every program and command, so the
 * source tree, an installed copy and a DESTDIR-staged copy all work.
 * Adapter: reads /proc/self/exe and probes files. */
#ifndef KIOSK_IO_SHAREDIR_H
#define KIOSK_IO_SHAREDIR_H

#include <stddef.h>

/* The installation prefix compiled in (make PREFIX=..., default /usr/local). */
extern const char share_prefix[];

/* The first directory that holds sub/file, copied into buf (cap bytes):
 *   $env (when env is not NULL and the variable is set),
 *   EXE/../sub                 the program in the source tree (build/kiosk),
 *   EXE/../share/kiosk/sub     installed, staged under DESTDIR, or moved,
 *   EXE/../../share/kiosk/sub  the same for a program in PREFIX/libexec/kiosk,
 *   PREFIX/share/kiosk/sub     the compiled-in prefix (a copied binary),
 *   sub                        relative to the working directory.
 * EXE is the program's own directory (/proc/self/exe, symlinks resolved).
 * Returns buf, or NULL if none holds the file. Any thread. */
const char *share_find_dir(const char *env, const char *sub, const char *file, char *buf,
			   size_t cap);

#endif
