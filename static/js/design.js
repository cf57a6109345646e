// design: browser code of its feature
