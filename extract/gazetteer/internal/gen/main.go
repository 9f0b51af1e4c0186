// Command gen builds the embedded data files of package gazetteer from the
// reference data in shared/data (see its README for sources and licences).
// It is run by go generate in extract/gazetteer; its output is committed, so
// builds never need the shared data.
//
// Usage:
//
//	go run ./internal/gen -data ../../../shared/data -out data
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	dataDir := flag.String("data", "../../../shared/data", "directory of the shared reference data")
	outDir := flag.String("out", "data", "directory the generated files are written to")
	flag.Parse()
	if err := run(*dataDir, *outDir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dataDir, outDir string) error {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", outDir, err)
	}
	steps := []func(string, string) error{places, firstNamesGFDL, firstNamesBerlin, providers}
	for _, step := range steps {
		if err := step(dataDir, outDir); err != nil {
			return err
		}
	}
	return nil
}

func readCSV(path string, comma rune) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("read %s: empty", path)
	}
	return rows, nil
}

func writeGzip(path, header string, lines []string) error {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	io.WriteString(zw, header)
	for _, l := range lines {
		io.WriteString(zw, l)
		io.WriteString(zw, "\n")
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("compress %s: %w", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// places writes places.tsv.gz: Länder, Kreise, Gemeindeverbände of type
// 51–58 and inhabited Gemeinden, one per line:
// level TAB type TAB key TAB official name TAB land key TAB kreis key TAB population.
func places(dataDir, outDir string) error {
	path := filepath.Join(dataDir, "de_gebietseinheiten_20211231.csv")
	rows, err := readCSV(path, ',')
	if err != nil {
		return err
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, c := range []string{"level", "type_code", "ags", "ars", "name_official", "land_ags", "kreis_ags", "population"} {
		if _, ok := col[c]; !ok {
			return fmt.Errorf("read %s: column %q missing", path, c)
		}
	}
	var lines []string
	for _, r := range rows[1:] {
		get := func(c string) string { return strings.TrimSpace(r[col[c]]) }
		level, typ := get("level"), get("type_code")
		key := get("ags")
		var l string
		switch level {
		case "land":
			l = "L"
		case "kreis":
			l = "K"
		case "gemeindeverband":
			n, _ := strconv.Atoi(typ)
			if n < 51 || n > 58 {
				continue // type 50 repeats every verbandsfreie Gemeinde
			}
			l, key = "V", get("ars")
		case "gemeinde":
			if typ == "65" || typ == "66" {
				continue // gemeindefreie Gebiete: forests and lakes, never partners
			}
			l = "G"
		default:
			continue
		}
		lines = append(lines, strings.Join([]string{l, typ, key, get("name_official"), get("land_ags"), get("kreis_ags"), get("population")}, "\t"))
	}
	header := "# Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys, Gebietsstand 31.12.2021.\n" +
		"# Datenlizenz Deutschland – Namensnennung – Version 2.0. Filtered and reformatted by coopwatch (extract/gazetteer/internal/gen).\n" +
		"# level\ttype\tkey\tname_official\tland_ags\tkreis_ags\tpopulation\n"
	return writeGzip(filepath.Join(outDir, "places.tsv.gz"), header, lines)
}

// firstNamesGFDL writes firstnames_gfdl.txt.gz: the names of Jörg Michael's
// dictionary that have a frequency in Germany, Austria, Switzerland or East
// Frisia, one per line. A filtered copy stays under the GNU FDL.
func firstNamesGFDL(dataDir, outDir string) error {
	path := filepath.Join(dataDir, "vornamen_jmichael_firstnames.csv")
	rows, err := readCSV(path, ';')
	if err != nil {
		return err
	}
	var cols []int
	for i, h := range rows[0] {
		switch h {
		case "Germany", "Austria", "Swiss", "East Frisia":
			cols = append(cols, i)
		}
	}
	if len(cols) != 4 {
		return fmt.Errorf("read %s: country columns missing", path)
	}
	set := map[string]bool{}
	for _, r := range rows[1:] {
		used := false
		for _, c := range cols {
			if c < len(r) && strings.TrimSpace(r[c]) != "" {
				used = true
			}
		}
		if !used || len(r) == 0 {
			continue
		}
		name := strings.TrimSpace(r[0])
		if name == "" {
			continue
		}
		// "+" stands for "-", a space or nothing.
		for _, v := range []string{"-", " ", ""} {
			set[strings.ReplaceAll(name, "+", v)] = true
		}
	}
	header := "# German first names (with a frequency in Germany, Austria, Switzerland or East Frisia), filtered from\n" +
		"# Jörg Michael's first-name dictionary (c't 17/2007), CSV edition by Matthias Winkelmann,\n" +
		"# https://github.com/MatthiasWinkelmann/firstname-database (firstnames.csv).\n" +
		"# Copyright (C) Jörg Michael; Matthias Winkelmann. This filtered copy is distributed under the\n" +
		"# GNU Free Documentation License 1.2 or later, no invariant sections; see LICENSE_GFDL-1.2.txt beside it.\n"
	return writeGzip(filepath.Join(outDir, "firstnames_gfdl.txt.gz"), header, sorted(set))
}

// firstNamesBerlin writes firstnames_berlin.txt.gz: first names given to
// at least five newborns in Berlin 2012–2023.
func firstNamesBerlin(dataDir, outDir string) error {
	path := filepath.Join(dataDir, "vornamen_berlin_2012_2023_aggregiert.csv")
	rows, err := readCSV(path, ',')
	if err != nil {
		return err
	}
	set := map[string]bool{}
	for _, r := range rows[1:] {
		if len(r) < 3 {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(r[2]))
		if err != nil || n < 5 {
			continue // the long tail is noisy (see data/README §4)
		}
		name := strings.Trim(strings.TrimSpace(r[0]), ",.;")
		if name == "" || strings.ContainsAny(name, ",;.0123456789") {
			continue
		}
		set[name] = true
	}
	header := "# First names given to at least 5 newborns in Berlin 2012–2023 (summed over years, districts and positions).\n" +
		"# Source: Berliner Landesamt für Bürger- und Ordnungsangelegenheiten (LABO) / BerlinOnline Stadtportal GmbH & Co. KG,\n" +
		"# https://github.com/berlinonline/haeufige-vornamen-berlin. Licence: CC BY 3.0 DE. Aggregated and filtered by coopwatch.\n"
	return writeGzip(filepath.Join(outDir, "firstnames_berlin.txt.gz"), header, sorted(set))
}

// providers writes providers.tsv: name TAB aliases TAB kind TAB state TAB status TAB successor.
func providers(dataDir, outDir string) error {
	path := filepath.Join(dataDir, "it_dienstleister_seed.csv")
	rows, err := readCSV(path, ',')
	if err != nil {
		return err
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var b strings.Builder
	b.WriteString("# Public IT providers and bodies, compiled in coopwatch's shared/data/it_dienstleister_seed.csv (facts with sources).\n")
	b.WriteString("# name\taliases\tkind\tstate\tstatus\tsuccessor\n")
	for _, r := range rows[1:] {
		get := func(c string) string {
			i, ok := col[c]
			if !ok || i >= len(r) {
				return ""
			}
			return strings.TrimSpace(r[i])
		}
		if get("name") == "" {
			continue
		}
		b.WriteString(strings.Join([]string{get("name"), get("aliases"), get("kind"), get("state"), get("status"), get("successor")}, "\t"))
		b.WriteString("\n")
	}
	out := filepath.Join(outDir, "providers.tsv")
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "LICENSE_GFDL-1.2_vornamen_jmichael.txt")); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("licence text missing: %w", err)
	}
	lic, err := os.ReadFile(filepath.Join(dataDir, "LICENSE_GFDL-1.2_vornamen_jmichael.txt"))
	if err != nil {
		return fmt.Errorf("read licence: %w", err)
	}
	return os.WriteFile(filepath.Join(outDir, "LICENSE_GFDL-1.2.txt"), lic, 0o644)
}

func sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
