package completion

import "strings"

// The JSON-schema half of the Gemini mapping: LiteLLM's _build_vertex_schema
// and its helpers, which turn an OpenAI tool or response schema into the
// subset of OpenAPI that Vertex AI and Google AI Studio accept.

// cleanSchema returns a copy of v without `additionalProperties: false` and
// without any "strict" key, at every depth (_remove_additional_properties,
// _remove_strict_from_schema).
func cleanSchema(v any) any {
	switch x := v.(type) {
	case Object:
		out := make(Object, 0, len(x))
		for _, m := range x {
			if m.Key == "strict" || (m.Key == "additionalProperties" && m.Value == false) {
				continue
			}
			out = append(out, Member{m.Key, cleanSchema(m.Value)})
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cleanSchema(e)
		}
		return out
	}
	return v
}

// vertexSchemaFields are the keys of LiteLLM's Vertex Schema type; others
// are filtered out of tool parameters and response schemas.
var vertexSchemaFields = stringSet("type", "format", "title", "description", "nullable", "default", "items",
	"minItems", "maxItems", "enum", "properties", "propertyOrdering", "required", "minProperties",
	"maxProperties", "minimum", "maximum", "minLength", "maxLength", "pattern", "example", "anyOf")

// buildVertexSchema is _build_vertex_schema on a schema this package owns
// (a fresh copy): $defs unpacked, null anyOf turned into nullable, type lists
// turned into anyOf, empty enum strings into null, empty items into objects,
// unknown keys filtered and, for response schemas, propertyOrdering added.
func buildVertexSchema(s Object, ordering bool) Object {
	var defs Object
	if d, ok := s.Get("$defs"); ok {
		defs, _ = d.(Object)
		s.Delete("$defs")
	}
	if defs != nil {
		for _, m := range defs {
			if o, ok := m.Value.(Object); ok {
				unpackDefs(o, defs, 0)
			}
		}
		unpackDefs(s, defs, 0)
	}
	anyOfNullToNullable(s, 0)
	s = convertSchemaTypes(s, 0)
	fixEnumEmptyStrings(s, 0)
	processItems(s, 0)
	s = addObjectType(s, 0)
	s = filterSchemaFields(s, 0)
	if ordering {
		s = setPropertyOrdering(s, 0)
	}
	return s
}

// setIn replaces the value of key in o in place (o is owned).
func setIn(o Object, key string, v any) {
	for i := range o {
		if o[i].Key == key {
			o[i].Value = v
			return
		}
	}
}

func defRef(v any, defs Object) (Object, bool) {
	o, ok := v.(Object)
	if !ok {
		return nil, false
	}
	ref, ok := o.Get("$ref")
	rs, isStr := ref.(string)
	if !ok || !isStr {
		return nil, false
	}
	if i := strings.LastIndex(rs, "defs/"); i >= 0 {
		rs = rs[i+len("defs/"):]
	}
	d, ok := defs.Get(rs)
	if !ok {
		return nil, false
	}
	do, ok := d.(Object)
	return do, ok
}

// unpackDefs replaces $ref entries in properties, anyOf and items by a copy
// of their definition.
func unpackDefs(s Object, defs Object, depth int) {
	if depth > maxRecurseDepth {
		return
	}
	props, _ := s.Get("properties")
	po, ok := props.(Object)
	if !ok {
		return
	}
	for i := range po {
		val := po[i].Value
		if d, ok := defRef(val, defs); ok {
			cp := cleanSchema(d).(Object)
			unpackDefs(cp, defs, depth+1)
			po[i].Value = cp
			continue
		}
		vo, ok := val.(Object)
		if !ok {
			continue
		}
		if a, ok := vo.Get("anyOf"); ok {
			if list, ok := a.([]any); ok {
				for j, item := range list {
					if d, ok := defRef(item, defs); ok {
						cp := cleanSchema(d).(Object)
						unpackDefs(cp, defs, depth+1)
						list[j] = cp
					}
				}
			}
			continue
		}
		if it, ok := vo.Get("items"); ok {
			if d, ok := defRef(it, defs); ok {
				cp := cleanSchema(d).(Object)
				unpackDefs(cp, defs, depth+1)
				setIn(vo, "items", cp)
				continue
			}
		}
		unpackDefs(vo, defs, depth+1)
	}
}

func isNullType(v any) bool {
	o, ok := v.(Object)
	return ok && len(o) == 1 && o[0].Key == "type" && o[0].Value == "null"
}

// anyOfNullToNullable is convert_anyof_null_to_nullable.
func anyOfNullToNullable(s Object, depth int) {
	if depth > maxRecurseDepth {
		return
	}
	if a, ok := s.Get("anyOf"); ok {
		if list, ok := a.([]any); ok {
			kept := list[:0:0]
			null := false
			for _, item := range list {
				if isNullType(item) {
					null = true
					continue
				}
				if o, ok := item.(Object); ok && len(o) == 0 {
					item = Object{{"type", "object"}}
				}
				kept = append(kept, item)
			}
			if null {
				for i, item := range kept {
					o, ok := item.(Object)
					if !ok {
						continue
					}
					if t, _ := o.Get("type"); t == "array" {
						if it, ok := o.Get("items"); ok && isEmptyValue(it) {
							o.Delete("items")
						}
					}
					o.Set("nullable", true)
					kept[i] = o
				}
			}
			setIn(s, "anyOf", kept)
		}
	}
	if p, ok := s.Get("properties"); ok {
		if po, ok := p.(Object); ok {
			for _, m := range po {
				if o, ok := m.Value.(Object); ok {
					anyOfNullToNullable(o, depth+1)
				}
			}
		}
	}
	if it, ok := s.Get("items"); ok {
		if o, ok := it.(Object); ok {
			anyOfNullToNullable(o, depth+1)
		}
	}
}

// convertSchemaTypes is _convert_schema_types: a list of several types
// becomes an anyOf, a one-element list its element.
func convertSchemaTypes(s Object, depth int) Object {
	if depth > maxRecurseDepth {
		return s
	}
	if t, ok := s.Get("type"); ok {
		if list, ok := t.([]any); ok {
			switch {
			case len(list) > 1:
				alts := make([]any, 0, len(list))
				for _, e := range list {
					if str, ok := e.(string); ok {
						alts = append(alts, Object{{"type", str}})
					}
				}
				s.Set("anyOf", alts)
				s.Delete("type")
			case len(list) == 1:
				setIn(s, "type", list[0])
			}
		}
	}
	for i := range s {
		switch s[i].Key {
		case "properties":
			if po, ok := s[i].Value.(Object); ok {
				for j := range po {
					if o, ok := po[j].Value.(Object); ok {
						po[j].Value = convertSchemaTypes(o, depth+1)
					}
				}
			}
		case "items":
			if o, ok := s[i].Value.(Object); ok {
				s[i].Value = convertSchemaTypes(o, depth+1)
			}
		case "anyOf":
			if list, ok := s[i].Value.([]any); ok {
				for j, e := range list {
					if o, ok := e.(Object); ok {
						list[j] = convertSchemaTypes(o, depth+1)
					}
				}
			}
		}
	}
	return s
}

// fixEnumEmptyStrings replaces "" enum values by null.
func fixEnumEmptyStrings(s Object, depth int) {
	if depth > maxRecurseDepth {
		return
	}
	if e, ok := s.Get("enum"); ok {
		if list, ok := e.([]any); ok {
			for i, v := range list {
				if v == "" {
					list[i] = nil
				}
			}
		}
	}
	if p, ok := s.Get("properties"); ok {
		if po, ok := p.(Object); ok {
			for _, m := range po {
				if o, ok := m.Value.(Object); ok {
					fixEnumEmptyStrings(o, depth+1)
				}
			}
		}
	}
	if it, ok := s.Get("items"); ok {
		if o, ok := it.(Object); ok {
			fixEnumEmptyStrings(o, depth+1)
		}
	}
}

// processItems turns every empty items schema into {"type": "object"}.
func processItems(s Object, depth int) {
	if depth > maxRecurseDepth {
		return
	}
	if it, ok := s.Get("items"); ok {
		if o, ok := it.(Object); ok && len(o) == 0 {
			setIn(s, "items", Object{{"type", "object"}})
		}
	}
	for _, m := range s {
		switch x := m.Value.(type) {
		case Object:
			processItems(x, depth+1)
		case []any:
			for _, e := range x {
				if o, ok := e.(Object); ok {
					processItems(o, depth+1)
				}
			}
		}
	}
}

// addObjectType sets type "object" on every schema with properties.
func addObjectType(s Object, depth int) Object {
	if depth > maxRecurseDepth {
		return s
	}
	if p, ok := s.Get("properties"); ok && p != nil {
		if r, ok := s.Get("required"); ok && r == nil {
			s.Delete("required")
		}
		s.Set("type", "object")
	}
	mapChildSchemas(s, depth, addObjectType)
	return s
}

// mapChildSchemas replaces every object-valued property schema of s, and an
// object items schema, by f(child, depth+1).
func mapChildSchemas(s Object, depth int, f func(Object, int) Object) {
	if p, ok := s.Get("properties"); ok {
		if po, ok := p.(Object); ok {
			for i := range po {
				if o, ok := po[i].Value.(Object); ok {
					po[i].Value = f(o, depth+1)
				}
			}
		}
	}
	if it, ok := s.Get("items"); ok {
		if o, ok := it.(Object); ok {
			setIn(s, "items", f(o, depth+1))
		}
	}
}

// filterSchemaFields keeps the Vertex schema keys (format only for enum and
// date-time); a schema with anyOf keeps only the anyOf.
func filterSchemaFields(s Object, depth int) Object {
	if depth > maxRecurseDepth {
		return s
	}
	if a, ok := s.Get("anyOf"); ok && !isEmptyValue(a) {
		title, _ := s.Get("title")
		desc, _ := s.Get("description")
		if list, ok := a.([]any); ok && (title != nil && title != "" || desc != nil && desc != "") {
			for i, e := range list {
				if o, ok := e.(Object); ok {
					if title != nil && title != "" {
						o.Set("title", title)
					}
					if desc != nil && desc != "" {
						o.Set("description", desc)
					}
					list[i] = o
				}
			}
		}
		s = Object{{"anyOf", a}}
	}
	out := make(Object, 0, len(s))
	for _, m := range s {
		if !inSet(vertexSchemaFields, m.Key) {
			continue
		}
		switch m.Key {
		case "properties":
			if po, ok := m.Value.(Object); ok {
				np := make(Object, len(po))
				for i, pm := range po {
					np[i].Key = pm.Key
					if o, ok := pm.Value.(Object); ok {
						np[i].Value = filterSchemaFields(o, depth+1)
					} else {
						np[i].Value = pm.Value
					}
				}
				out = append(out, Member{m.Key, np})
				continue
			}
		case "format":
			if m.Value != "enum" && m.Value != "date-time" {
				continue
			}
		case "items":
			if o, ok := m.Value.(Object); ok {
				out = append(out, Member{m.Key, filterSchemaFields(o, depth+1)})
				continue
			}
		case "anyOf":
			if list, ok := m.Value.([]any); ok {
				nl := make([]any, len(list))
				for i, e := range list {
					if o, ok := e.(Object); ok {
						nl[i] = filterSchemaFields(o, depth+1)
					} else {
						nl[i] = e
					}
				}
				out = append(out, Member{m.Key, nl})
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// setPropertyOrdering adds propertyOrdering (the properties in request
// order) to every object schema that does not have one.
func setPropertyOrdering(s Object, depth int) Object {
	if depth > maxRecurseDepth {
		return s
	}
	if p, ok := s.Get("properties"); ok {
		if po, ok := p.(Object); ok {
			if !s.Has("propertyOrdering") {
				names := make([]any, len(po))
				for i, m := range po {
					names[i] = m.Key
				}
				s = append(s, Member{"propertyOrdering", names})
			}
		}
	}
	mapChildSchemas(s, depth, setPropertyOrdering)
	return s
}

// filterGeminiFormats is GoogleAIStudioGeminiConfig's format filter: only
// enum and date-time formats are kept.
func filterGeminiFormats(v any) any {
	s, ok := v.(Object)
	if !ok {
		return v
	}
	out := make(Object, 0, len(s))
	for _, m := range s {
		switch m.Key {
		case "format":
			if str, ok := m.Value.(string); ok {
				if str == "enum" || str == "date-time" {
					out = append(out, m)
				}
				continue
			}
		case "properties":
			if po, ok := m.Value.(Object); ok {
				np := make(Object, len(po))
				for i, pm := range po {
					np[i] = Member{pm.Key, filterGeminiFormats(pm.Value)}
				}
				out = append(out, Member{m.Key, np})
				continue
			}
		case "items":
			if _, ok := m.Value.(Object); ok {
				out = append(out, Member{m.Key, filterGeminiFormats(m.Value)})
				continue
			}
		case "anyOf":
			if list, ok := m.Value.([]any); ok {
				nl := make([]any, len(list))
				for i, e := range list {
					nl[i] = filterGeminiFormats(e)
				}
				out = append(out, Member{m.Key, nl})
				continue
			}
		}
		out = append(out, m)
	}
	return out
}
