// Package completion is a faithful Go re-implementation of LiteLLM's
// chat-completion request path with mock responses: the CPU work LiteLLM
// does for every litellm.completion(..., mock_response=...) call before any
// model is contacted.
//
// A request runs these stages (the names used in every report; see Stages):
//
//  1. get_llm_provider: the model string becomes (model, provider, api_base):
//     explicit provider, provider prefix, api_base endpoint, LiteLLM's
//     known-model lists from the catalog, or a BadRequestError.
//  2. provider_validation: is the provider one of the 104 LlmProviders
//     values, and which chat config serves it (done in completion() and again
//     inside get_optional_params).
//  3. get_optional_params: the param translation, containing
//     pre_process_non_default_params (keep the params that differ from their
//     defaults), get_supported_openai_params (what the provider accepts; the
//     rest is dropped or reported in an UnsupportedParamsError) and
//     map_openai_params (the provider's own names and shapes), then extras
//     (extra_body) and allowed_openai_params.
//  4. pre_process_non_default_params again, for the logging record.
//  5. mock_response: the chat.completion object (or stream chunks, or the
//     error a magic mock string asks for).
//  6. cost: the response priced from the model catalog.
//
// Every optimization is a Change: a named, independently switchable
// strategy for one spot of the pipeline (see AllChanges; each says where it
// comes from). A Variant is a named set of changes: Baseline has none (the
// algorithms LiteLLM main ships), Summary has the optimization summary's
// five changes, each as the summary writes it, and Optimized has every change
// that makes the pipeline faster. LookupVariant also accepts compositions
// such as "baseline+providers-set" or
// "summary-preprocess-loop+preprocess-slots". All variants must give
// identical results for every input; the dispatch order of LiteLLM main is
// kept in all of them.
//
// Behaviour follows LiteLLM main as described in llmbench's reference spec;
// the conformance cases in testdata/cases decide where the two disagree.
package completion
