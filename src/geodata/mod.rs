//! Reading and writing a prepared data set folder.
