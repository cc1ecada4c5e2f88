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

# Regenerate the embedded compact catalog from LiteLLM's full catalog.
catalog:
	$(GO) run ./scripts/gencatalog -src ../shared/data/model_prices_and_context_window.json \
		-out pkg/completion/catalog.json testdata/cases/*.jsonl pkg/workload/default.json

# Fuzz request decoding and the pipeline (no panic, variants agree) for a minute.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzPipeline$$' -fuzztime 60s ./pkg/completion/
