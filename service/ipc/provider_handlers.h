#pragma once

// The provider layer over IPC: CreateMessage (streamed chunks), CompletePrompt, CountTokens,
// GetModel, provider connection metrics. Calls run on the ProviderWorker's thread; CANCEL
// destroys the running call, which aborts its upstream request.

#include "handler_registry.h"
#include "provider_worker.h"

namespace lapce_ai::ipc {

void register_provider_handlers(HandlerRegistry& registry, providers::ProviderWorker& worker);

}  // namespace lapce_ai::ipc
