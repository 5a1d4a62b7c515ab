// Tests of NewsCore.
