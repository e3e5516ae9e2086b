package cpstat

import "fmt"

// PanelShape describes the entities and periods of an estimation sample.
type PanelShape struct {
	Entities int  // distinct entities
	Periods  int  // distinct periods
	Rows     int  // distinct entity-periods
	Balanced bool // every entity has every period: Rows = Entities × Periods
}

// String returns "30 entities × 18 periods, balanced" or, for an unbalanced sample,
// "30 entities × 18 periods, unbalanced: 539 of 540 entity-periods".
func (s PanelShape) String() string {
	text := fmt.Sprintf("%d %s × %d %s", s.Entities, plural(s.Entities, "entity", "entities"), s.Periods, plural(s.Periods, "period", "periods"))
	if s.Balanced {
		return text + ", balanced"
	}
	return fmt.Sprintf("%s, unbalanced: %d of %d entity-periods", text, s.Rows, s.Entities*s.Periods)
}

// SampleShape returns the panel shape of the estimation sample, from Keys. A key that a resampling
// Refit repeats counts once.
func (r *Result) SampleShape() PanelShape { return shapeOf(r.Keys) }

func shapeOf(keys []RowKey) PanelShape {
	entities, periods, rows := map[string]bool{}, map[int]bool{}, map[RowKey]bool{}
	for _, k := range keys {
		entities[k.Entity], periods[k.Time], rows[k] = true, true, true
	}
	s := PanelShape{Entities: len(entities), Periods: len(periods), Rows: len(rows)}
	s.Balanced = s.Rows == s.Entities*s.Periods
	return s
}
