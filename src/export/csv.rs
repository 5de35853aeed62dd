//! CSV: `kind,seq,name,lon,lat`, one `stop` row per stop (in order), then one `vertex` row
//! per vertex of the line.

use std::io::Write;

use super::{ExportError, Itinerary};

pub(super) fn write(itinerary: &Itinerary, out: impl Write) -> Result<(), ExportError> {
    let mut csv = ::csv::Writer::from_writer(out);
    csv.write_record(["kind", "seq", "name", "lon", "lat"])?;
    for (i, stop) in itinerary.stops.iter().enumerate() {
        let (lon, lat) = (stop.point[0].to_string(), stop.point[1].to_string());
        csv.write_record([
            "stop",
            i.to_string().as_str(),
            stop.name.as_str(),
            lon.as_str(),
            lat.as_str(),
        ])?;
    }
    for (i, p) in itinerary.line.iter().enumerate() {
        let (lon, lat) = (p[0].to_string(), p[1].to_string());
        csv.write_record([
            "vertex",
            i.to_string().as_str(),
            "",
            lon.as_str(),
            lat.as_str(),
        ])?;
    }
    csv.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::export::tests::sample;
    use crate::export::{Format, to_bytes};

    #[test]
    fn csv_has_stops_then_vertices() {
        let bytes = to_bytes(&sample(), Format::Csv).expect("csv");
        let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
        let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(rows.len(), 5);
        assert_eq!(&rows[0][2], "兰考县派出所");
        assert_eq!(&rows[1][2], "Village \"d'Ordino\"");
        assert_eq!(&rows[4][0], "vertex");
        assert_eq!((&rows[4][3], &rows[4][4]), ("1.502", "42.501"));
    }
}
