// kanban: browser code of its feature
