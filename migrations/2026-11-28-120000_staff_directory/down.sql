DROP TABLE staff_directory;
