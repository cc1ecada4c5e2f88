package completion

// ovhCloudConfig is OVHCloudChatConfig: the OpenAI list, without tools,
// tool_choice, function_call and response_format for models the model map
// does not say call functions; the params are copied as they are.
type ovhCloudConfig struct{ name string }

func (*ovhCloudConfig) supportedParams(c *mapCtx) ParamSet {
	s := openaiGPTSupported(c)
	if !supportsFor(c, "ovhcloud", supportsFunctionCalling) {
		s = s.Without(PTools, PToolChoice, PFunctionCall, PResponseFormat)
	}
	return s
}

func (x *ovhCloudConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupported(c, x.supportedParams(c), opt)
	return nil
}

func init() {
	registerConfig(cfgOVHCloud, func() chatConfig { return &ovhCloudConfig{"ovhcloud"} })
}
