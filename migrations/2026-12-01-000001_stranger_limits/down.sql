DROP TABLE stranger_hits;
