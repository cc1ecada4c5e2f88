package workload

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"github.com/llmbench/llmbench/pkg/completion"
)

// SHA256 identifies the workload by content: the hex SHA-256 of its
// templates' weights and requests (canonical JSON, in order), whatever its
// name, description or file path. Two workloads with the same hash draw the
// same requests for the same seed.
func (w *Workload) SHA256() string {
	h := sha256.New()
	for _, t := range w.Templates {
		b, err := completion.MarshalValue(t.Request.Object())
		if err != nil {
			b = []byte(err.Error())
		}
		h.Write([]byte(strconv.FormatFloat(t.Weight, 'g', -1, 64)))
		h.Write([]byte{0})
		h.Write(b)
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}
