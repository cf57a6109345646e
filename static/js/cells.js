// cells: browser code of its feature
