#ifndef KPI_PROTO_C_H
#define KPI_PROTO_C_H
// Umbrella header: the protobuf-c code generated from proto/ (see scripts/gen-proto).
#include "kpi/v1/protocol.pb-c.h"
#include "kpi/v1/kpi.pb-c.h"
#endif
