package completion

// addCloudAuthParams is the bedrock and vertex part of
// pre_process_optional_params (map_special_auth_params): region and project
// keyword arguments are also passed under the provider's own names.
func addCloudAuthParams(opt *Object, provider string, extras Object) {
	vertex := provider == "vertex_ai" || provider == "vertex_ai_beta"
	if len(extras) == 0 || (!vertex && provider != "bedrock") {
		return
	}
	for _, m := range extras {
		switch {
		case m.Key == "region_name" && vertex:
			opt.Set("vertex_location", m.Value)
		case m.Key == "project" && vertex:
			opt.Set("vertex_project", m.Value)
		case m.Key == "region_name":
			opt.Set("aws_region_name", m.Value)
		}
	}
}
