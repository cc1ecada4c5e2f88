package completion

import "strings"

// mapException is LiteLLM's exception_type (exception_mapping_utils) for the
// exceptions a mock raises: a MockException (status, message "litellm.
// MockException: ...", with a request) or a plain Exception (status 0, no
// request). provider is completion()'s custom_llm_provider.
func mapException(provider string, status int, message string, hasRequest bool) *Error {
	errorStr := message
	ep := provider + "Exception"
	if provider != "" {
		ep = strings.ToUpper(provider[:1]) + provider[1:] + "Exception"
	}
	raise := func(typ, msg, llmProvider string) *Error {
		return litellmError(typ, status, llmProvider, msg)
	}
	if strings.Contains(errorStr, "Request Timeout Error") || strings.Contains(errorStr, "Request timed out") ||
		strings.Contains(errorStr, "Timed out generating response") || strings.Contains(errorStr, "The read operation timed out") {
		return raise("Timeout", "APITimeoutError - Request timed out. Error_str: "+errorStr, provider)
	}
	capitalized := pyCapitalize(provider)
	var e *Error
	switch {
	case provider == "openai" || provider == "text-completion-openai" || provider == "custom_openai" ||
		inSet(openaiCompatibleProviders, provider) || provider == "mistral" || provider == "runwayml":
		e = mapOpenAIException(provider, status, message, errorStr)
	case provider == "anthropic" || provider == "anthropic_text":
		e = mapAnthropicException(status, errorStr)
	case provider == "replicate":
		e = mapStatus(status, map[int]statusMapping{
			400: {"BadRequestError", "ReplicateException - "}, 413: {"BadRequestError", "ReplicateException - "},
			401: {"AuthenticationError", "ReplicateException - "}, 422: {"UnprocessableEntityError", "ReplicateException - "},
			408: {"Timeout", "ReplicateException - "}, 429: {"RateLimitError", "ReplicateException - "},
			500: {"ServiceUnavailableError", "ReplicateException - "},
		}, message, "replicate")
		if e == nil {
			e = litellmError("APIError", 500, "replicate", "ReplicateException - "+errorStr)
		}
	case provider == "predibase" || provider == "databricks" || provider == "watsonx":
		p := capitalized + "Exception - "
		e = mapStatus(status, map[int]statusMapping{
			500: {"InternalServerError", p}, 401: {"AuthenticationError", p}, 403: {"PermissionDeniedError", p},
			400: {"BadRequestError", p}, 404: {"NotFoundError", p}, 408: {"Timeout", p}, 422: {"BadRequestError", p},
			424: {"BadRequestError", p}, 429: {"RateLimitError", p}, 503: {"ServiceUnavailableError", p}, 504: {"Timeout", p},
		}, message, provider)
	case provider == "bedrock":
		e = mapBedrockException(status, message, errorStr)
	case provider == "sagemaker" || provider == "sagemaker_chat":
		p := "SagemakerException - "
		e = mapStatus(status, map[int]statusMapping{
			500: {"ServiceUnavailableError", p}, 401: {"AuthenticationError", p}, 400: {"BadRequestError", p},
			404: {"NotFoundError", p}, 408: {"Timeout", p}, 422: {"BadRequestError", p}, 424: {"BadRequestError", p},
			429: {"RateLimitError", p}, 503: {"ServiceUnavailableError", p}, 504: {"Timeout", p},
		}, message, provider)
	case provider == "vertex_ai" || provider == "vertex_ai_beta" || provider == "gemini":
		e = mapVertexException(provider, capitalized, status, errorStr)
	case provider == "cohere" || provider == "cohere_chat":
		switch {
		case status == 400 || status == 498:
			e = litellmError("BadRequestError", status, "cohere", "CohereException - "+message)
		case status == 408:
			e = litellmError("Timeout", status, "cohere", "CohereException - "+message)
		case status == 500:
			e = litellmError("InternalServerError", status, "cohere", "CohereException - "+message)
		case status == 0:
			e = litellmError("APIConnectionError", 500, "cohere", message)
		}
	case provider == "azure" || provider == "azure_text":
		e = mapAzureException(ep, status, message, errorStr)
	}
	if e == nil && provider == "openrouter" {
		e = mapOpenrouterException(ep, status, errorStr)
	}
	if e != nil {
		return e
	}
	// Unmapped: APIConnectionError.
	if hasRequest {
		return litellmError("APIConnectionError", 500, provider, ep+" - "+errorStr)
	}
	return litellmError("APIConnectionError", 500, provider, errorStr)
}

// pythonErrorTypes are the built-in Python exceptions the pipeline raises
// (LiteLLM's mappers raise ValueError, KeyError, Exception, ...), as opposed
// to LiteLLM's own exception classes.
var pythonErrorTypes = stringSet("Exception", "ValueError", "KeyError", "TypeError", "AttributeError")

// completionError is what completion() raises for an error of
// get_optional_params: LiteLLM's own exceptions as they are, Python's
// built-in ones through exception_type (an APIConnectionError with their
// text, for every provider's mapping; LiteLLM appends the traceback, which
// the port does not have).
func completionError(provider string, err error) error {
	if e, ok := err.(*Error); ok && inSet(pythonErrorTypes, e.Type) {
		return mapException(provider, 0, e.Message, false)
	}
	return err
}

// statusMapping is one "status code -> exception type and message prefix"
// line of a provider's exception mapping.
type statusMapping struct{ typ, prefix string }

func mapStatus(status int, m map[int]statusMapping, message, provider string) *Error {
	if s, ok := m[status]; ok {
		return litellmError(s.typ, status, provider, s.prefix+message)
	}
	return nil
}

// litellmError builds a LiteLLM exception of type typ constructed with
// message msg: str(e) is "litellm.<typ>: msg", except for the subclasses of
// BadRequestError whose constructors stack prefixes.
func litellmError(typ string, status int, provider, msg string) *Error {
	code := status
	switch typ {
	case "BadRequestError":
		code = 400
	case "AuthenticationError":
		code = 401
	case "PermissionDeniedError":
		code = 403
	case "NotFoundError":
		code = 404
	case "Timeout":
		code = 408
	case "UnprocessableEntityError":
		code = 422
	case "RateLimitError":
		code = 429
	case "InternalServerError", "APIConnectionError":
		code = 500
	case "BadGatewayError":
		code = 502
	case "ServiceUnavailableError":
		code = 503
	case "ContextWindowExceededError":
		// message = "litellm.BadRequestError: " + msg, then the own prefix.
		return &Error{Type: typ, StatusCode: 400, Provider: provider, Message: "litellm.BadRequestError: " + msg}
	case "ContentPolicyViolationError":
		// Own prefix first, then BadRequestError's: str(e) starts with
		// "litellm.BadRequestError: ".
		return &Error{Type: typ, StatusCode: 400, Provider: provider, Unprefixed: true,
			Message: "litellm.BadRequestError: litellm.ContentPolicyViolationError: " + msg}
	}
	return &Error{Type: typ, StatusCode: code, Provider: provider, Message: msg}
}

// pyCapitalize is Python's str.capitalize: first letter upper, the rest lower.
func pyCapitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}

// contextWindowExceeded is ExceptionCheckers.is_error_str_context_window_exceeded.
func contextWindowExceeded(errorStr string) bool {
	l := strings.ToLower(errorStr)
	if strings.Contains(l, "string_above_max_length") ||
		(strings.Contains(l, "invalid 'user'") && strings.Contains(l, "string too long")) {
		return false
	}
	for _, s := range [...]string{"exceed context limit", "this model's maximum context length is",
		"string too long. expected a string with maximum length", "model's maximum context limit",
		"is longer than the model's context length", "input tokens exceed the configured limit",
		"`inputs` tokens + `max_new_tokens` must be", "exceeds the available context size",
		"exceeds the maximum number of tokens allowed"} {
		if strings.Contains(l, s) {
			return true
		}
	}
	return (strings.Contains(l, "current length is") && strings.Contains(l, "while limit is")) ||
		(strings.Contains(l, "maximum input length is") && strings.Contains(l, "tokens"))
}

// rateLimited is ExceptionCheckers.is_error_str_rate_limit.
func rateLimited(errorStr string, status int) bool {
	if (status == 0 || status == 429) && hasStandalone429(errorStr) {
		return true
	}
	l := strings.ToLower(errorStr)
	for i := strings.Index(l, "rate"); i >= 0; {
		j := i + 4
		for j < len(l) && (l[j] == ' ' || l[j] == '\t' || l[j] == '\n' || l[j] == '\r' || l[j] == '\f' ||
			l[j] == '\v' || l[j] == '_' || l[j] == '-') {
			j++
		}
		if strings.HasPrefix(l[j:], "limit") {
			return true
		}
		k := strings.Index(l[i+1:], "rate")
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return strings.Contains(l, "service tier capacity exceeded")
}

// hasStandalone429 is re.search(r"\b429\b", s).
func hasStandalone429(s string) bool {
	isWord := func(c byte) bool {
		return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
	}
	for i := strings.Index(s, "429"); i >= 0; {
		if (i == 0 || !isWord(s[i-1])) && (i+3 == len(s) || !isWord(s[i+3])) {
			return true
		}
		k := strings.Index(s[i+1:], "429")
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return false
}

func mapOpenAIException(provider string, status int, message, errorStr string) *Error {
	message = strings.ReplaceAll(message, "OPENAI", strings.ToUpper(provider))
	message = strings.ReplaceAll(message, "openai.OpenAIError", provider+"."+provider+"Error")
	ep := "OpenAIException"
	if provider != "openai" {
		ep = strings.ToUpper(provider[:1]) + provider[1:] + "Exception"
	}
	has := func(s string) bool { return strings.Contains(errorStr, s) }
	switch {
	case rateLimited(errorStr, status):
		return litellmError("RateLimitError", 429, provider, "RateLimitError: "+ep+" - "+message)
	case contextWindowExceeded(errorStr):
		return litellmError("ContextWindowExceededError", 400, provider, "ContextWindowExceededError: "+ep+" - "+message)
	case has("invalid_request_error") && has("model_not_found"):
		return litellmError("NotFoundError", 404, provider, ep+" - "+message)
	case has("A timeout occurred"):
		return litellmError("Timeout", 408, provider, ep+" - "+message)
	case (has("invalid_request_error") && has("content_policy_violation")) ||
		(has("Invalid prompt") && has("violating our usage policy")) ||
		strings.Contains(strings.ToLower(errorStr), "request was rejected as a result of the safety system"):
		return litellmError("ContentPolicyViolationError", 400, provider, "ContentPolicyViolationError: "+ep+" - "+message)
	case has("invalid_request_error") && !has("Incorrect API key provided"):
		return litellmError("BadRequestError", 400, provider, ep+" - "+message)
	case has("Web server is returning an unknown error") || has("The server had an error processing your request."):
		return litellmError("InternalServerError", 500, provider, ep+" - "+message)
	case has("Request too large"):
		return litellmError("RateLimitError", 429, provider, "RateLimitError: "+ep+" - "+message)
	case has("Mistral API raised a streaming error"):
		return litellmError("APIError", 500, provider, ep+" - "+message)
	}
	switch status {
	case 0:
		return litellmError("APIConnectionError", 500, provider, "APIConnectionError: "+ep+" - "+message)
	case 400, 422:
		return litellmError("BadRequestError", status, provider, ep+" - "+message)
	case 401:
		return litellmError("AuthenticationError", status, provider, "AuthenticationError: "+ep+" - "+message)
	case 404:
		return litellmError("NotFoundError", status, provider, "NotFoundError: "+ep+" - "+message)
	case 408, 504:
		return litellmError("Timeout", status, provider, "Timeout Error: "+ep+" - "+message)
	case 429:
		return litellmError("RateLimitError", status, provider, "RateLimitError: "+ep+" - "+message)
	case 500:
		return litellmError("InternalServerError", status, provider, "InternalServerError: "+ep+" - "+message)
	case 502:
		return litellmError("BadGatewayError", status, provider, "BadGatewayError: "+ep+" - "+message)
	case 503:
		return litellmError("ServiceUnavailableError", status, provider, "ServiceUnavailableError: "+ep+" - "+message)
	}
	return litellmError("APIError", status, provider, "APIError: "+ep+" - "+message)
}

func mapAnthropicException(status int, errorStr string) *Error {
	has := func(s string) bool { return strings.Contains(errorStr, s) }
	const p = "anthropic"
	switch {
	case has("prompt is too long") || has("prompt: length") || contextWindowExceeded(errorStr):
		return litellmError("ContextWindowExceededError", 400, p, "AnthropicError - "+errorStr)
	case has("overloaded_error") || has("Overloaded"):
		return litellmError("InternalServerError", 500, p, "AnthropicError - "+errorStr)
	case has("Invalid API Key"):
		return litellmError("AuthenticationError", 401, p, "AnthropicError - "+errorStr)
	case has("content filtering policy"):
		return litellmError("ContentPolicyViolationError", 400, p, "AnthropicError - "+errorStr)
	case has("Client error '400 Bad Request'"):
		return litellmError("BadRequestError", 400, p, "AnthropicError - "+errorStr)
	}
	switch status {
	case 401:
		return litellmError("AuthenticationError", status, p, "AnthropicException - "+errorStr)
	case 403:
		return litellmError("PermissionDeniedError", status, p, "AnthropicException - "+errorStr)
	case 400, 413:
		return litellmError("BadRequestError", status, p, "AnthropicException - "+errorStr)
	case 404:
		return litellmError("NotFoundError", status, p, "AnthropicException - "+errorStr)
	case 408:
		return litellmError("Timeout", status, p, "AnthropicException - "+errorStr)
	case 429:
		return litellmError("RateLimitError", status, p, "AnthropicException - "+errorStr)
	case 500, 529:
		return litellmError("InternalServerError", status, p,
			"AnthropicException - "+errorStr+". Handle with `litellm.InternalServerError`.")
	case 502:
		return litellmError("BadGatewayError", status, p, "AnthropicException BadGatewayError - "+errorStr)
	case 503:
		return litellmError("ServiceUnavailableError", status, p,
			"AnthropicException - "+errorStr+". Handle with `litellm.ServiceUnavailableError`.")
	case 504:
		return litellmError("Timeout", status, p, "AnthropicException Timeout - "+errorStr)
	}
	return nil
}

func mapBedrockException(status int, message, errorStr string) *Error {
	has := func(s string) bool { return strings.Contains(errorStr, s) }
	const p = "bedrock"
	switch {
	case has("too many tokens") || has("expected maxLength:") || has("Input is too long") ||
		has("prompt is too long") || has("prompt: length: 1..") || has("Too many input tokens"):
		return litellmError("ContextWindowExceededError", 400, p, "BedrockException: Context Window Error - "+errorStr)
	case has("Malformed input request"):
		return litellmError("BadRequestError", 400, p, "BedrockException - "+errorStr)
	case has("Unable to locate credentials") || has("The security token included in the request is invalid"):
		return litellmError("AuthenticationError", 401, p, "BedrockException Invalid Authentication - "+errorStr)
	case has("AccessDeniedException"):
		return litellmError("PermissionDeniedError", 403, p, "BedrockException PermissionDeniedError - "+errorStr)
	case has("throttlingException") || has("ThrottlingException"):
		return litellmError("RateLimitError", 429, p, "BedrockException: Rate Limit Error - "+errorStr)
	case has("Connect timeout on endpoint URL") || has("timed out"):
		return litellmError("Timeout", 408, p, "BedrockException: Timeout Error - "+errorStr)
	case has("Could not process image"):
		return litellmError("InternalServerError", 500, p, "BedrockException - "+errorStr)
	}
	return mapStatus(status, map[int]statusMapping{
		500: {"ServiceUnavailableError", "BedrockException - "}, 401: {"AuthenticationError", "BedrockException - "},
		400: {"BadRequestError", "BedrockException - "}, 404: {"NotFoundError", "BedrockException - "},
		408: {"Timeout", "BedrockException - "}, 422: {"BadRequestError", "BedrockException - "},
		429: {"RateLimitError", "BedrockException - "}, 503: {"ServiceUnavailableError", "BedrockException - "},
		504: {"Timeout", "BedrockException - "},
	}, message, p)
}

func mapVertexException(provider, capitalized string, status int, errorStr string) *Error {
	has := func(s string) bool { return strings.Contains(errorStr, s) }
	switch {
	case has("Vertex AI API has not been used in project") || has("Unable to find your project"):
		return litellmError("BadRequestError", 400, provider, "litellm.BadRequestError: "+provider+"Exception - "+errorStr)
	case has("400 Request payload size exceeds"):
		return litellmError("ContextWindowExceededError", 400, provider, capitalized+"Exception - "+errorStr)
	case contextWindowExceeded(errorStr):
		return litellmError("ContextWindowExceededError", 400, provider, "ContextWindowExceededError: "+capitalized+"Exception - "+errorStr)
	case has("None Unknown Error.") || has("Content has no parts."):
		return litellmError("InternalServerError", 500, provider, "litellm.InternalServerError: "+provider+"Exception - "+errorStr)
	case has("API key not valid."):
		return litellmError("AuthenticationError", 401, provider, capitalized+"Exception - "+errorStr)
	case status == 403:
		return litellmError("BadRequestError", 400, provider, capitalized+"Exception BadRequestError - "+errorStr)
	case has("The response was blocked.") || has("Output blocked by content filtering policy"):
		return litellmError("ContentPolicyViolationError", 400, provider, capitalized+"Exception ContentPolicyViolationError - "+errorStr)
	case has("429 Quota exceeded") || has("Quota exceeded for") || strings.Contains(strings.ToLower(errorStr), "resource exhausted") ||
		strings.Contains(strings.ToLower(errorStr), "resource_exhausted") || has("IndexError: list index out of range") ||
		has("429 Unable to submit request because the service is temporarily out of capacity."):
		return litellmError("RateLimitError", 429, provider, "litellm.RateLimitError: "+provider+"Exception - "+errorStr)
	case has("500 Internal Server Error") || has("The model is overloaded."):
		return litellmError("InternalServerError", 500, provider, "litellm.InternalServerError: "+provider+"Exception - "+errorStr)
	}
	switch status {
	case 400:
		return litellmError("BadRequestError", status, provider, capitalized+"Exception BadRequestError - "+errorStr)
	case 401:
		return litellmError("AuthenticationError", status, provider, capitalized+"Exception - "+errorStr)
	case 404:
		return litellmError("NotFoundError", status, provider, capitalized+"Exception - "+errorStr)
	case 408:
		return litellmError("Timeout", status, provider, capitalized+"Exception - "+errorStr)
	case 429:
		return litellmError("RateLimitError", status, provider, "litellm.RateLimitError: "+capitalized+"Exception - "+errorStr)
	case 500:
		return litellmError("InternalServerError", status, provider, capitalized+"Exception InternalServerError - "+errorStr)
	case 502:
		return litellmError("APIConnectionError", status, provider, capitalized+"Exception - "+errorStr)
	case 503:
		return litellmError("ServiceUnavailableError", status, provider, capitalized+"Exception - "+errorStr)
	}
	return nil
}

func mapAzureException(ep string, status int, message, errorStr string) *Error {
	has := func(s string) bool { return strings.Contains(errorStr, s) }
	const p = "azure"
	lower := strings.ToLower(errorStr)
	contentPolicy := false
	for _, s := range [...]string{"content_policy_violation", "responsibleaipolicyviolation",
		"the response was filtered due to the prompt triggering azure openai's content management",
		"your task failed as a result of our safety system", "the model produced invalid content",
		"content_filter_policy", "your request was rejected as a result of our safety system"} {
		if strings.Contains(lower, s) {
			contentPolicy = true
			break
		}
	}
	switch {
	case has("Internal server error"):
		return litellmError("InternalServerError", 500, p, "AzureException Internal server error - "+message)
	case has("This model's maximum context length is"):
		return litellmError("ContextWindowExceededError", 400, p, "AzureException ContextWindowExceededError - "+message)
	case has("DeploymentNotFound"):
		return litellmError("NotFoundError", 404, p, "AzureException NotFoundError - "+message)
	case contentPolicy:
		return litellmError("ContentPolicyViolationError", 400, p,
			"litellm.ContentPolicyViolationError: AzureException - "+message)
	case has("invalid_request_error") && (status == 0 || status == 400):
		return litellmError("BadRequestError", 400, p, "AzureException BadRequestError - "+message)
	case has("Connection error"):
		return litellmError("APIConnectionError", 500, p, ep+" APIConnectionError - "+message)
	}
	switch status {
	case 0:
		return litellmError("APIConnectionError", 500, p, ep+" APIConnectionError - "+message)
	case 400:
		return litellmError("BadRequestError", status, p, "AzureException - "+message)
	case 401:
		return litellmError("AuthenticationError", status, p, "AzureException AuthenticationError - "+message)
	case 404:
		return litellmError("NotFoundError", status, p, "AzureException NotFoundError - "+message)
	case 408, 504:
		return litellmError("Timeout", status, p, "AzureException Timeout - "+message)
	case 422:
		return litellmError("BadRequestError", status, p, "AzureException BadRequestError - "+message)
	case 429:
		return litellmError("RateLimitError", status, p, "AzureException RateLimitError - "+message)
	case 502:
		return litellmError("BadGatewayError", status, p, "AzureException BadGatewayError - "+message)
	case 503:
		return litellmError("ServiceUnavailableError", status, p, "AzureException ServiceUnavailableError - "+message)
	}
	return litellmError("APIError", status, p, "AzureException APIError - "+message)
}

func mapOpenrouterException(ep string, status int, errorStr string) *Error {
	const p = "openrouter"
	switch status {
	case 0:
		return litellmError("APIConnectionError", 500, p, "APIConnectionError: "+ep+" - "+errorStr)
	case 400:
		return litellmError("BadRequestError", status, p, ep+" - "+errorStr)
	case 401:
		return litellmError("AuthenticationError", status, p, "AuthenticationError: "+ep+" - "+errorStr)
	case 404:
		return litellmError("NotFoundError", status, p, "NotFoundError: "+ep+" - "+errorStr)
	case 408, 504:
		return litellmError("Timeout", status, p, "Timeout Error: "+ep+" - "+errorStr)
	case 422:
		return litellmError("BadRequestError", status, p, "BadRequestError: "+ep+" - "+errorStr)
	case 429:
		return litellmError("RateLimitError", status, p, "RateLimitError: "+ep+" - "+errorStr)
	case 503:
		return litellmError("ServiceUnavailableError", status, p, "ServiceUnavailableError: "+ep+" - "+errorStr)
	}
	return litellmError("APIError", status, p, "APIError: "+ep+" - "+errorStr)
}
