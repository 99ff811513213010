/* gml-chan.h: Go 1.19 channels and select (runtime/chan.go, select.go).
 *
 * A channel is an hchan on the heap (Go's 96-byte layout: qcount,
 * dataqsiz, buf, elemsize, closed, elemtype, sendx, recvx, recvq, sendq,
 * lock) with its ring buffer in the same allocation when the element type
 * has no pointers, else in a second one — as makechan does.  Waiting
 * goroutines are GmlSudog records (metadata) on the recvq/sendq lists.
 *
 * Blocking protocol: an operation that must wait enqueues sudogs, parks the
 * goroutine (gml_sched_park) and returns GML_NATIVE_BLOCK, so the
 * instruction runs again when the goroutine is woken.  The waker completes
 * the transfer (copies the value, sets the sudog's success) before readying
 * it; the re-executed instruction sees the completed sudog on its goroutine
 * (GmlG.sudogs / param) and finishes without waiting again — or panics with
 * "send on closed channel" when the channel was closed under a sender.
 *
 * Unbuffered handoffs and buffered queues, wake-up order (FIFO), select's
 * random-order polling (uniform over cases via the VM's fastrand, like
 * Go's selectgo pollorder), nil channels blocking forever, and closed
 * channels are all as in Go.
 */
#pragma once

#include "gml-vm-private.h"

G_BEGIN_DECLS

/* One select case, laid out by the compiler in a frame area. */
typedef struct
{
  guint64 chan;
  guint64 elem;     /* send: address of the value; recv: destination (0 = discard) */
  guint64 ok;       /* recv: address of the ok bool (0 = none) */
  guint32 dir;      /* GML_SELECT_SEND / GML_SELECT_RECV */
  guint32 pad;
} GmlSelectCase;

#define GML_SELECT_SEND 1
#define GML_SELECT_RECV 2

/* Called once per channel type while the image is built. */
void            gml_chan_prepare (GmlProgram *program,
                                  GmlType    *chan_type);

/* 0 with a panic started on a bad size ("makechan: size out of range"). */
guint64         gml_chan_make    (GmlVm      *vm,
                                  GmlType    *chan_type,
                                  gint64      size);
GmlNativeResult gml_chan_send    (GmlVm      *vm,
                                  guint64     c,
                                  guint64     elem);
GmlNativeResult gml_chan_recv    (GmlVm      *vm,
                                  guint64     c,
                                  guint64     dst,
                                  guint64     ok);
GmlNativeResult gml_chan_close   (GmlVm      *vm,
                                  guint64     c);
/* Writes the chosen case index (an int) at `result`; `n` when the default
 * case runs. */
GmlNativeResult gml_chan_select  (GmlVm      *vm,
                                  guint64     result,
                                  guint64     cases,
                                  guint       n,
                                  gboolean    has_default);
gint64          gml_chan_len     (GmlVm      *vm,
                                  guint64     c,
                                  gboolean    cap);

G_END_DECLS
