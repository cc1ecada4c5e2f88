package completion

// snowflakeParams is SnowflakeConfig's supported list; the params are copied as they are.
var snowflakeParams = Set(PTemperature, PMaxTokens, PTopP, PResponseFormat, PTools, PToolChoice)

func init() {
	registerConfig(cfgSnowflake, func() chatConfig { return &fixedListConfig{"snowflake", snowflakeParams, false} })
}
