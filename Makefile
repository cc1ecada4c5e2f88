# llmbench developer targets.
GO ?= go

.PHONY: build test race lint bench golden fuzz catalog

build:
	$(GO) build -o llmbench .

test:
	$(GO) test ./...

race:
	$(GO) test -race ./...

lint:
	@test -z "$$(gofmt -l . | grep -v '^testdata/')" || { gofmt -l . ; exit 1; }
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./pkg/completion/

golden:
	$(GO) test ./... -update

# Regenerate the embedded compact catalog from the catalog LiteLLM 1.80.5 ships.
LITELLM_CATALOG ?= ../shared/litellm/1.80.5/src/litellm/model_prices_and_context_window_backup.json
catalog:
	$(GO) run ./scripts/gencatalog -src $(LITELLM_CATALOG) -out pkg/completion/catalog.json

# Fuzz request decoding and the pipeline (no panic, variants agree) for a minute.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzPipeline$$' -fuzztime 60s ./pkg/completion/
