//! The `henan` data set from the Amap county polygons and the NBS code list.
