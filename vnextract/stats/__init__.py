"""The optional statistical component: classifiers over the rules' records, their training and weights."""
