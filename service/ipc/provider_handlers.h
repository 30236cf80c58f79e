#pragma once

// The provider layer over IPC: CreateMessage (streamed chunks), CompletePrompt, CountTokens,
// GetModel, provider connection metrics. Calls run on the ProviderWorker's thread; CANCEL
// destroys the running call, which aborts its upstream request.

#include "handler_registry.h"
#include "provider_worker.h"

namespace lapce_ai::ipc {

void register_provider_handlers(HandlerRegistry& registry, providers::ProviderWorker& worker);

// The worker's per-host connection metrics, replacing the contents of `hosts` (used by
// PROVIDER_METRICS_REQUEST and by the service's MetricsSnapshot).
void fill_provider_host_metrics(
    const providers::ProviderWorker& worker,
    google::protobuf::RepeatedPtrField<proto::ProviderHostMetrics>& hosts);

}  // namespace lapce_ai::ipc
