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

# Fuzz the pipeline (no panic, variants agree) and every input parser (size
# and depth limits, errors that name file and line), FUZZTIME each.
FUZZTIME ?= 30s
FUZZ_TARGETS = ./pkg/completion:FuzzPipeline ./pkg/completion:FuzzDecodeValue ./pkg/completion:FuzzDecodeRequest \
	./pkg/completion:FuzzRequestObject ./pkg/completion:FuzzParseCatalog ./pkg/infile:FuzzLines ./pkg/infile:FuzzDecodeJSON \
	./pkg/workload:FuzzParse ./pkg/cases:FuzzParse ./pkg/cases:FuzzParseCase ./pkg/bench:FuzzParseResult \
	./pkg/profile:FuzzParseClaims ./pkg/regress:FuzzParseKnown ./pkg/regress:FuzzParseBaseline ./pkg/report:FuzzParse
fuzz:
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; echo "== $$fn $$pkg"; \
		$(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; done
