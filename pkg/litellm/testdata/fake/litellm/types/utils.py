import enum


class LlmProviders(str, enum.Enum):
    OPENAI = "openai"
    ANTHROPIC = "anthropic"
