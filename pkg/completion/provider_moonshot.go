package completion

import "strings"

// moonshotConfig is MoonshotChatConfig: the OpenAI list without functions
// (and without tools for kimi-thinking-preview), max_completion_tokens sent
// as max_tokens, and temperature clamped to Moonshot's range: at most 1, and
// at least 0.3 when more than one choice is asked for.
type moonshotConfig struct{ name string }

func (*moonshotConfig) supportedParams(c *mapCtx) ParamSet {
	s := openaiGPTSupported(c).Without(PFunctions)
	if strings.Contains(c.model, "kimi-thinking-preview") {
		s = s.Without(PTools, PToolChoice)
	}
	return s
}

func (x *moonshotConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupportedRenaming(c, x.supportedParams(c), opt)
	t, ok := opt.Get("temperature")
	if !ok {
		return nil
	}
	f, ok := Num(t)
	if !ok {
		return nil
	}
	if f > 1 {
		f = 1
		opt.Set("temperature", 1.0)
	}
	n := 1.0
	if v, ok := opt.Get("n"); ok {
		n, _ = Num(v)
	}
	if f < 0.3 && n > 1 {
		opt.Set("temperature", 0.3)
	}
	return nil
}

func init() {
	registerConfig(cfgMoonshot, func() chatConfig { return &moonshotConfig{"moonshot"} })
}
