package plots

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
)

// cjkTypeface is the name under which the CJK face is registered in gonum/plot's font cache. SVG files name
// this family, so a viewer with Noto Sans CJK installed shows the same face.
const cjkTypeface = "Noto Sans CJK SC"

// fontCandidate is a CJK font file and the face to take from it when it is a collection.
type fontCandidate struct {
	path string
	face string // full font name (name ID 4) to pick from a collection; "" takes the first face
}

var defaultCJKFonts = []fontCandidate{
	{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"},
	{"/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf", ""},
	{"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", ""},
	{"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", ""},
}

// ErrNoCJKFont is returned when no CJK font could be found.
var ErrNoCJKFont = errors.New("no CJK font found for Chinese labels: install one with " +
	"`apt-get install fonts-noto-cjk` (Debian/Ubuntu), or set CPSTAT_CJK_FONT to a .ttf/.otf/.ttc file " +
	"with Chinese glyphs, or draw the figure with English labels")

var (
	cjkOnce sync.Once
	cjkErr  error
	cjkPath string
)

// LoadCJKFont registers a CJK face in gonum/plot's font cache once per process and returns the file it came
// from. Later calls return the first call's result.
func LoadCJKFont() (string, error) {
	cjkOnce.Do(func() {
		cjkPath, cjkErr = loadCJKFont()
	})
	return cjkPath, cjkErr
}

func loadCJKFont() (string, error) {
	candidates := defaultCJKFonts
	if env := os.Getenv("CPSTAT_CJK_FONT"); env != "" {
		candidates = []fontCandidate{{env, os.Getenv("CPSTAT_CJK_FACE")}}
	}
	return loadCJKFontFrom(candidates)
}

// loadCJKFontFrom registers the first readable candidate.
func loadCJKFontFrom(candidates []fontCandidate) (string, error) {
	var tried []string
	for _, c := range candidates {
		raw, err := os.ReadFile(c.path)
		if err != nil {
			tried = append(tried, c.path)
			continue
		}
		face, err := parseFace(raw, c)
		if err != nil {
			return "", fmt.Errorf("font %s: %w", c.path, err)
		}
		font.DefaultCache.Add(font.Collection{{
			Font: font.Font{Typeface: cjkTypeface},
			Face: face,
		}})
		return c.path, nil
	}
	return "", fmt.Errorf("%w (looked in %s)", ErrNoCJKFont, strings.Join(tried, ", "))
}

// parseFace reads a single font file or picks the named face from a collection.
func parseFace(raw []byte, c fontCandidate) (*opentype.Font, error) {
	ext := strings.ToLower(filepath.Ext(c.path))
	if ext != ".ttc" && ext != ".otc" {
		return opentype.Parse(raw)
	}
	coll, err := opentype.ParseCollection(raw)
	if err != nil {
		return nil, err
	}
	var names []string
	for i := 0; i < coll.NumFonts(); i++ {
		f, err := coll.Font(i)
		if err != nil {
			return nil, err
		}
		name, err := f.Name(nil, sfnt.NameIDFull)
		if err != nil {
			return nil, err
		}
		if c.face == "" || name == c.face {
			return f, nil
		}
		names = append(names, name)
	}
	return nil, fmt.Errorf("face %q not found in the collection (faces: %s); set CPSTAT_CJK_FACE to one of them",
		c.face, strings.Join(names, ", "))
}
