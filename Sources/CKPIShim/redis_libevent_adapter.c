// kpid's hiredis adapter for libevent: the five hooks hiredis calls (add/del read, add/del write,
// cleanup), written here rather than taken from hiredis 0.14.1's adapters/libevent.h, which
// registers reads without EV_PERSIST and frees its events inside their own callbacks
// (both fixed upstream only in hiredis 1.x).
#include <stdlib.h>
#include <fcntl.h>
#include "CKPIShim.h"

typedef struct kpid_redis_events {
    redisAsyncContext *context;
    struct event *read_event;
    struct event *write_event;
    // Set while a read or write callback runs; cleanup inside it must not free us under it.
    int in_callback;
    int cleanup_pending;
} kpid_redis_events;

static void kpid_redis_events_free(kpid_redis_events *events) {
    event_free(events->read_event);
    event_free(events->write_event);
    free(events);
}

static void kpid_redis_on_event(evutil_socket_t fd, short what, void *arg) {
    (void)fd;
    kpid_redis_events *events = arg;
    events->in_callback = 1;
    // hiredis may disconnect and call cleanup from inside either handler.
    if ((what & EV_READ) && !events->cleanup_pending) {
        redisAsyncHandleRead(events->context);
    }
    if ((what & EV_WRITE) && !events->cleanup_pending) {
        redisAsyncHandleWrite(events->context);
    }
    events->in_callback = 0;
    if (events->cleanup_pending) {
        kpid_redis_events_free(events);
    }
}

static void kpid_redis_add_read(void *data) {
    kpid_redis_events *events = data;
    event_add(events->read_event, NULL);
}

static void kpid_redis_del_read(void *data) {
    kpid_redis_events *events = data;
    event_del(events->read_event);
}

static void kpid_redis_add_write(void *data) {
    kpid_redis_events *events = data;
    event_add(events->write_event, NULL);
}

static void kpid_redis_del_write(void *data) {
    kpid_redis_events *events = data;
    event_del(events->write_event);
}

static void kpid_redis_cleanup(void *data) {
    kpid_redis_events *events = data;
    event_del(events->read_event);
    event_del(events->write_event);
    if (events->in_callback) {
        events->cleanup_pending = 1;
    } else {
        kpid_redis_events_free(events);
    }
}

int kpid_redis_attach(redisAsyncContext *context, struct event_base *base) {
    if (context->ev.data != NULL) {
        return REDIS_ERR;
    }
    kpid_redis_events *events = calloc(1, sizeof(*events));
    if (events == NULL) {
        return REDIS_ERR;
    }
    int fd = context->c.fd;
    events->context = context;
    events->read_event = event_new(base, fd, EV_READ | EV_PERSIST, kpid_redis_on_event, events);
    events->write_event = event_new(base, fd, EV_WRITE | EV_PERSIST, kpid_redis_on_event, events);
    if (events->read_event == NULL || events->write_event == NULL) {
        if (events->read_event) event_free(events->read_event);
        if (events->write_event) event_free(events->write_event);
        free(events);
        return REDIS_ERR;
    }
    context->ev.addRead = kpid_redis_add_read;
    context->ev.delRead = kpid_redis_del_read;
    context->ev.addWrite = kpid_redis_add_write;
    context->ev.delWrite = kpid_redis_del_write;
    context->ev.cleanup = kpid_redis_cleanup;
    context->ev.data = events;
    return REDIS_OK;
}

int kpid_socket_prepare(int fd) {
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        return -1;
    }
    int one = 1;
    return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}
