// panel: browser code of its feature
