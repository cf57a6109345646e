// map: browser code of its feature
