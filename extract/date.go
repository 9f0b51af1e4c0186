package extract

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar date whose precision is part of the value: "2021-04-29",
// "2021-04" or "2021". The zero value "" means unknown and is null in JSON.
type Date string

// DayOf returns the Date of t's calendar day.
func DayOf(t time.Time) Date { return Date(t.Format("2006-01-02")) }

// MakeDate returns the date for year y, month m (0 for unknown) and day d (0
// for unknown). It does not check that the day exists; Validate does.
func MakeDate(y int, m time.Month, d int) Date {
	switch {
	case m == 0:
		return Date(fmt.Sprintf("%04d", y))
	case d == 0:
		return Date(fmt.Sprintf("%04d-%02d", y, int(m)))
	}
	return Date(fmt.Sprintf("%04d-%02d-%02d", y, int(m), d))
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d == "" }

// Precision returns "day", "month", "year" or "" for an unknown date.
func (d Date) Precision() string {
	switch len(d) {
	case 10:
		return "day"
	case 7:
		return "month"
	case 4:
		return "year"
	}
	return ""
}

// Time returns the first instant of d in UTC, and false when d is unknown or malformed.
func (d Date) Time() (time.Time, bool) {
	if d.Validate() != nil || d == "" {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(string(d[:4]))
	m, day := 1, 1
	if len(d) >= 7 {
		m, _ = strconv.Atoi(string(d[5:7]))
	}
	if len(d) == 10 {
		day, _ = strconv.Atoi(string(d[8:10]))
	}
	return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC), true
}

// Validate reports whether d is "", YYYY, YYYY-MM or YYYY-MM-DD with a real
// month and day and a year from 1900 to 2199.
func (d Date) Validate() error {
	layout := ""
	switch len(d) {
	case 0:
		return nil
	case 4:
		layout = "2006"
	case 7:
		layout = "2006-01"
	case 10:
		layout = "2006-01-02"
	default:
		return fmt.Errorf("%q: want YYYY, YYYY-MM or YYYY-MM-DD", string(d))
	}
	t, err := time.Parse(layout, string(d))
	if err != nil {
		return fmt.Errorf("%q: want YYYY, YYYY-MM or YYYY-MM-DD with a real month and day", string(d))
	}
	if t.Year() < 1900 || t.Year() > 2199 {
		return fmt.Errorf("%q: year out of range 1900-2199", string(d))
	}
	return nil
}

// MarshalJSON writes null for the unknown date and a string otherwise.
func (d Date) MarshalJSON() ([]byte, error) {
	if d == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(d))
}

// UnmarshalJSON accepts null or a date string and checks it.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date: want a string or null: %w", err)
	}
	if err := Date(s).Validate(); err != nil {
		return err
	}
	*d = Date(s)
	return nil
}
