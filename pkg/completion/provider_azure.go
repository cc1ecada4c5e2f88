package completion

import "strings"

// azureParams is AzureOpenAIConfig.get_supported_openai_params.
var azureParams = Set(PTemperature, PN, PStream, PStreamOptions, PStop, PMaxTokens, PMaxCompletionTokens, PTools,
	PToolChoice, PPresencePenalty, PFrequencyPenalty, PLogitBias, PUser, PFunctionCall, PFunctions, PTopP,
	PLogprobs, PTopLogprobs, PResponseFormat, PSeed, PExtraHeaders, PParallelToolCalls, PPrediction, PModalities,
	PAudio, PWebSearchOptions)

// azureDefaultAPIVersion is litellm.AZURE_DEFAULT_API_VERSION.
const azureDefaultAPIVersion = "2025-02-01-preview"

// isAzureOSeriesModel is AzureOpenAIO1Config.is_o_series_model: a substring
// test on the deployment name.
func isAzureOSeriesModel(model string) bool {
	return strings.Contains(model, "o1") || strings.Contains(model, "o3") || strings.Contains(model, "o4") ||
		strings.Contains(model, "o_series/")
}

// isAzureGPT5Model is AzureOpenAIGPT5Config.is_model_gpt_5_model.
func isAzureGPT5Model(model string) bool {
	return strings.Contains(model, "gpt-5") || strings.Contains(model, "gpt5_series")
}

// azureConfig is AzureOpenAIConfig.
type azureConfig struct{ name string }

func (*azureConfig) supportedParams(c *mapCtx) ParamSet { return azureParams }

// mapParams is AzureOpenAIConfig.map_openai_params. The api_version decides
// whether tool_choice and response_format can be sent as they are.
func (*azureConfig) mapParams(c *mapCtx, opt *Object) error {
	apiVersion := c.apiVersion
	if apiVersion == "" {
		apiVersion = azureDefaultAPIVersion
	}
	year, month, day, dated := splitAPIVersion(apiVersion)
	return c.nd.each(func(p Param, v any) error {
		switch p {
		case PToolChoice:
			switch {
			case dated && (year < "2023" || (year == "2023" && month < "12") || (year == "2023" && month == "12" && day < "01")):
				if c.globalDrop() || c.drop {
					return nil
				}
				return unsupportedParamsError(c.provider,
					"Azure does not support 'tool_choice', for api_version=%s. Bump your API version to '2023-12-01-preview' or later. This parameter requires 'api_version=\"2023-12-01-preview\"' or later. Azure API Reference: https://learn.microsoft.com/en-us/azure/ai-services/openai/reference#chat-completions",
					apiVersion)
			case v == "required" && dated && year == "2024" && month <= "05":
				if c.globalDrop() || c.drop {
					return nil
				}
				return unsupportedParamsError(c.provider,
					"Azure does not support 'required' as a tool_choice param, for api_version=%s. To drop 'tool_choice=required' for calls with this Azure API version, set `litellm.drop_params=True` or for proxy:\n\n`litellm_settings:\n drop_params: true`\nAzure API Reference: https://learn.microsoft.com/en-us/azure/ai-services/openai/reference#chat-completions",
					apiVersion)
			}
			opt.Set("tool_choice", v)
		case PResponseFormat:
			rf, ok := v.(Object)
			if !ok {
				opt.Set("response_format", v)
				return nil
			}
			supported := azureResponseFormatModel(c.model) && azureResponseFormatAPIVersion(year, month, dated)
			addResponseFormatTool(opt, rf, supported, true)
		case PTools:
			if l, ok := v.([]any); ok {
				appendTools(opt, l)
				return nil
			}
			opt.Set("tools", v)
		default:
			if azureParams.Has(p) {
				opt.Set(paramNames[p], v)
			}
		}
		return nil
	})
}

// splitAPIVersion splits "YYYY-MM-DD[-preview]" into its date parts; dated is
// false for versions without a date ("v1", "latest", "preview").
func splitAPIVersion(v string) (year, month, day string, dated bool) {
	year, rest, ok := strings.Cut(v, "-")
	if !ok {
		return "", "", "", false
	}
	month, rest, ok = strings.Cut(rest, "-")
	if !ok {
		return "", "", "", false
	}
	day, _, _ = strings.Cut(rest, "-")
	return year, month, day, true
}

// azureResponseFormatModel is _is_response_format_supported_model: every
// deployment except GPT-3.5 ones accepts response_format.
func azureResponseFormatModel(model string) bool {
	return !strings.Contains(model, "gpt-3.5") && !strings.Contains(model, "gpt-3-5") &&
		!strings.Contains(model, "gpt-35")
}

// azureResponseFormatAPIVersion is _is_response_format_supported_api_version:
// 2024-08 (API_VERSION_YEAR/MONTH_SUPPORTED_RESPONSE_FORMAT) or later; an
// undated version ("v1", "latest") counts as supported.
func azureResponseFormatAPIVersion(year, month string, dated bool) bool {
	if !dated {
		return true
	}
	y, okY := atoi(year)
	m, okM := atoi(month)
	if !okY || !okM {
		return true
	}
	switch {
	case y > 2024:
		return true
	case y < 2024:
		return false
	}
	return m >= 8
}

func atoi(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// addResponseFormatTool is BaseConfig._add_response_format_to_tools: when
// the API cannot take response_format, a schema becomes a forced function
// tool named json_tool_call; otherwise response_format is passed on.
func addResponseFormatTool(opt *Object, rf Object, supported, enforceToolChoice bool) {
	schema := responseFormatSchema(rf)
	if schema != nil && !isEmptyValue(schema) && !supported {
		appendTools(opt, []any{jsonToolCall(schema)})
		if enforceToolChoice {
			opt.Set("tool_choice", Object{
				{"type", "function"},
				{"function", Object{{"name", responseFormatToolName}}},
			})
		}
		opt.Set("json_mode", true)
		return
	}
	if supported {
		opt.Set("response_format", rf)
	}
}

// azureOSeriesConfig is AzureOpenAIO1Config: the OpenAI o-series mapping with
// Azure's supported list.
type azureOSeriesConfig struct{ name string }

func (*azureOSeriesConfig) supportedParams(c *mapCtx) ParamSet { return azureOSeriesSupported(c) }
func (*azureOSeriesConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapOSeries(c, azureOSeriesSupported(c), opt)
}

// azureOSeriesSupported is AzureOpenAIO1Config.get_supported_openai_params:
// the GPT list minus the sampling params; reasoning_effort for deployment
// names LiteLLM does not know, or known models that support reasoning.
func azureOSeriesSupported(c *mapCtx) ParamSet {
	s := openaiGPTSupported(c) &^ oSeriesUnsupported
	if p, known := c.cat.knownProvider[c.model]; !known {
		s = s.With(PReasoningEffort)
	} else if m := lookupModelInfo(c.cat, c.model, p); m != nil && m.SupportsReasoning {
		s = s.With(PReasoningEffort)
	}
	return s
}

// azureGPT5Config is AzureOpenAIGPT5Config: OpenAIGPT5Config's rules for a
// gpt-5 deployment.
type azureGPT5Config struct{ name string }

func (*azureGPT5Config) supportedParams(c *mapCtx) ParamSet {
	return gpt5Supported(c, infoByName(c, c.model))
}
func (*azureGPT5Config) mapParams(c *mapCtx, opt *Object) error {
	return mapGPT5(c, gpt5Supported(c, infoByName(c, c.model)), opt)
}

func init() {
	registerConfig(cfgAzure, func() chatConfig { return &azureConfig{"azure"} })
	registerConfig(cfgAzureOSeries, func() chatConfig { return &azureOSeriesConfig{"azure_o_series"} })
	registerConfig(cfgAzureGPT5, func() chatConfig { return &azureGPT5Config{"azure_gpt5"} })
}
