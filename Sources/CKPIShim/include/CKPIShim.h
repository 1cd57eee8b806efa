#ifndef CKPI_SHIM_H
#define CKPI_SHIM_H
// The C libraries kpid runs on, in one module: hiredis and libevent share system headers
// (fd_set and friends), and two separate Swift modules for them fail to build together.
#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#include <event2/event.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/listener.h>
#include <event2/thread.h>
#include <event2/util.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

/// Attaches a hiredis async context to a libevent base with kpid's own adapter.
///
/// Returns REDIS_OK, or REDIS_ERR when the context already has an adapter or memory ran out.
int kpid_redis_attach(redisAsyncContext *context, struct event_base *base);

/// Reads the error code of an async context (hiredis keeps it in the embedded sync context).
static inline int kpid_redis_error(const redisAsyncContext *context) { return context->err; }

/// Reads the error text of an async context; valid until the context is freed.
static inline const char *kpid_redis_error_text(const redisAsyncContext *context) { return context->errstr; }

/// Makes a socket non-blocking and sets TCP_NODELAY; returns 0 or -1 with errno set.
int kpid_socket_prepare(int fd);

/// Cores this process may run on (its affinity mask, which containers narrow), at least 1.
int kpid_available_cpus(void);

#endif
